import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { DomainException } from '../../common/errors/domain.exception';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { newId } from '../../database/ids';
import { inTransaction } from '../../database/transaction';
import {
  WechatPayError,
  WechatPayNotificationRejected,
  parseRefund,
  parseTransaction,
  type IncomingHeaders,
  type RequestPaymentParams,
  type WechatPayRefund,
  type WechatPayTransaction,
} from '../../platforms/wechat-pay';
import type { Principal } from '../../tenancy/principal';
import { PlatformIdentityEntity } from '../identity/entities/platform-identity.entity';
import { SettingsService } from '../settings/settings.service';
import { SurchargeEntity } from '../surcharges/entities/surcharge.entity';
import { TicketEntity } from '../tickets/entities/ticket.entity';
import { TicketAccess } from '../tickets/ticket-access';
import { TicketJournal } from '../tickets/ticket-journal';
import type { PaymentStartView, RefundableView, RefundView } from './dto/payments.dto';
import { PaymentOrderEntity } from './entities/payment-order.entity';
import { PaymentRefundEntity } from './entities/payment-refund.entity';
import { LedgerService } from './ledger.service';
import { PaymentMerchantsService, type ReadyMerchant } from './payment-merchants.service';

/** Reconciliation asks about an unsettled order a minute after it was made (R14), then less often. */
const FIRST_CHECK_MS = 60_000;
const MAX_CHECK_GAP_MS = 10 * 60_000;
/** An order this close to its end is not handed out again: the payer would not have time. */
const REUSE_MARGIN_MS = 60_000;
const SYSTEM_ACTOR = { userId: null, role: 'system' };

/**
 * Paying surcharges with WeChat Pay (F2.7, R11–R17): one order per surcharge at a time under a
 * number of ours, its amount always the surcharge's own; paid only on WeChat Pay's word (a
 * verified notification, or a query), exactly once, with the ticket event and the ledger entry in
 * the same transaction; unpaid orders queried and then closed; refunds under their own numbers.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);
  /** Prepay requests in flight per order in this process: a double tap makes one. */
  private readonly preparing = new Map<string, Promise<RequestPaymentParams>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly merchants: PaymentMerchantsService,
    private readonly ledger: LedgerService,
    private readonly access: TicketAccess,
    private readonly journal: TicketJournal,
    private readonly settings: SettingsService,
  ) {}

  /** The reporter pays an agreed surcharge: the open order's parameters, or a new order's. */
  async start(principal: Principal, surchargeId: string): Promise<PaymentStartView> {
    const surcharge = await this.visibleSurcharge(principal, surchargeId);
    const { ticket, actors } = await this.access.load(this.dataSource.manager, principal, surcharge.ticketId);
    if (!actors.includes('reporter'))
      throw new DomainException('ACTION_NOT_ALLOWED', 'Only the resident who reported it pays a surcharge');
    const merchant = await this.merchants.forOrganization(principal.organizationId);
    if (merchant === null)
      throw new DomainException('PAYMENT_NOT_CONFIGURED', 'Online payment is not set up here yet');
    const identity = await this.dataSource.getRepository(PlatformIdentityEntity).findOneBy({
      userId: principal.userId,
      kind: 'wechat_miniprogram',
      appId: merchant.appid,
    });
    if (identity === null)
      throw new DomainException('PLATFORM_NOT_SUPPORTED', 'Pay from the WeChat mini-program');

    let order = await this.openOrder(surcharge.id);
    if (order !== null && order.expiresAt.getTime() - Date.now() < REUSE_MARGIN_MS) {
      // Nearly over: settle it first (it may have been paid), then a new order if still unpaid.
      await this.settle(order);
      order = null;
    }
    if (order === null)
      order = await this.createOrder(principal, surcharge, ticket, merchant, identity.subject);
    const requestPayment = await this.prepare(order, merchant, ticket);
    return {
      outTradeNo: order.outTradeNo,
      amountFen: order.amountFen,
      expiresAt: order.expiresAt.toISOString(),
      requestPayment,
      demo: this.config.platforms.fake,
    };
  }

  /**
   * A notification from WeChat Pay: verified on its raw bytes before anything is read, then the
   * payment or refund it reports is checked against ours and settled once. Throws DomainException
   * for the 4xx/5xx answers that make WeChat Pay deliver it again.
   */
  async notify(merchantId: string, headers: IncomingHeaders, rawBody: Buffer | string): Promise<void> {
    const merchant = await this.merchants.byId(merchantId);
    if (merchant === null) throw rejected('unknown merchant');
    let notification;
    try {
      notification = await merchant.gateway.parseNotification({ headers, rawBody });
    } catch (error) {
      if (error instanceof WechatPayNotificationRejected) {
        this.logger.warn(`Refused a WeChat Pay notification: ${error.reason}`);
        if (error.retryable) throw new DomainException('PAYMENT_UNAVAILABLE', 'Try again later');
        throw rejected(error.reason);
      }
      throw error;
    }
    if (notification.eventType === 'TRANSACTION.SUCCESS') {
      await this.onTransaction(merchant, parseTransaction(notification.resource), 'notification');
    } else if (notification.eventType.startsWith('REFUND.')) {
      await this.onRefund(parseRefund(notification.resource));
    }
  }

  /** Reconciliation (R14, R15): asks about orders and refunds nobody has heard of in a while. */
  async reconcile(now = new Date(), batch = 50): Promise<{ orders: number; refunds: number }> {
    const orders = await this.dataSource.getRepository(PaymentOrderEntity).find({
      where: { status: 'open', nextCheckAt: LessThanOrEqual(now) },
      order: { nextCheckAt: 'ASC' },
      take: batch,
    });
    for (const order of orders) {
      try {
        await this.settle(order, now);
      } catch (error) {
        this.logger.warn(`Could not settle order ${order.outTradeNo}: ${describe(error)}`);
        await this.later(order, now);
      }
    }
    const refunds = await this.dataSource.getRepository(PaymentRefundEntity).find({
      where: { status: In(['pending', 'processing']), nextCheckAt: LessThanOrEqual(now) },
      order: { nextCheckAt: 'ASC' },
      take: batch,
    });
    for (const refund of refunds) {
      try {
        await this.followRefund(refund, now);
      } catch (error) {
        this.logger.warn(`Could not follow refund ${refund.outRefundNo}: ${describe(error)}`);
      }
    }
    return { orders: orders.length, refunds: refunds.length };
  }

  /** Full or partial refund of a paid surcharge, by the office (F2.7). */
  async refund(
    principal: Principal,
    surchargeId: string,
    amountFen: number,
    reason: string,
  ): Promise<RefundView> {
    const surcharge = await this.visibleSurcharge(principal, surchargeId);
    if (!principal.can('payment.refund', surcharge.communityId))
      throw new DomainException('PERMISSION_DENIED', 'Your role does not allow this here', {
        permission: 'payment.refund',
      });
    const refund = await inTransaction(this.dataSource, async (tx) => {
      const order = await tx.findOneBy(PaymentOrderEntity, { surchargeId, status: 'paid' });
      if (order === null)
        throw new DomainException('SURCHARGE_STATUS_CONFLICT', 'Nothing has been paid for this surcharge');
      const left = order.amountFen - order.refundedFen;
      if (amountFen > left)
        throw new DomainException('REFUND_TOO_LARGE', 'That is more than is left to refund', {
          leftFen: left,
        });
      // Reserved on the order at once, so two refunds at the same time cannot exceed what was paid.
      const reserved = await tx
        .createQueryBuilder()
        .update(PaymentOrderEntity)
        .set({ refundedFen: () => `refundedFen + ${amountFen}` })
        .where('id = :id AND refundedFen = :before', { id: order.id, before: order.refundedFen })
        .execute();
      if (reserved.affected !== 1)
        throw new DomainException('SURCHARGE_STATUS_CONFLICT', 'Another refund was just made; reload it');
      const row = Object.assign(new PaymentRefundEntity(), {
        id: newId(),
        organizationId: order.organizationId,
        communityId: order.communityId,
        orderId: order.id,
        surchargeId,
        outRefundNo: `RF${randomBytes(12).toString('hex')}`,
        amountFen,
        reason,
        requestedById: principal.userId,
        status: 'pending' as const,
        refundId: null,
        completedAt: null,
        nextCheckAt: new Date(Date.now() + FIRST_CHECK_MS),
        checks: 0,
      });
      await tx.insert(PaymentRefundEntity, row);
      return row;
    });
    await this.followRefund(refund, new Date(), true).catch((error: unknown) => {
      // Left pending: reconciliation asks again under the same number.
      this.logger.warn(`Refund ${refund.outRefundNo} not confirmed yet: ${describe(error)}`);
    });
    const saved = await this.dataSource.getRepository(PaymentRefundEntity).findOneByOrFail({ id: refund.id });
    return toRefundView(saved);
  }

  /** What is left to refund of a surcharge (paid, minus refunds made or under way). */
  async refundable(principal: Principal, surchargeId: string): Promise<RefundableView> {
    const surcharge = await this.visibleSurcharge(principal, surchargeId);
    const order = await this.dataSource
      .getRepository(PaymentOrderEntity)
      .findOneBy({ surchargeId, status: 'paid' });
    const reserved = order?.refundedFen ?? 0;
    return {
      paidFen: surcharge.paidFen,
      refundedFen: surcharge.refundedFen,
      pendingFen: reserved - surcharge.refundedFen,
      leftFen: (order?.amountFen ?? 0) - reserved,
    };
  }

  async refunds(principal: Principal, surchargeId: string): Promise<RefundView[]> {
    await this.visibleSurcharge(principal, surchargeId);
    const rows = await this.dataSource
      .getRepository(PaymentRefundEntity)
      .find({ where: { surchargeId }, order: { createdAt: 'ASC' } });
    return rows.map(toRefundView);
  }

  /** Whether the caller is the payer of this order (the demo cashier pays only one's own). */
  async isPayerOf(principal: Principal, outTradeNo: string): Promise<boolean> {
    return this.dataSource
      .getRepository(PaymentOrderEntity)
      .exists({ where: { outTradeNo, payerId: principal.userId, status: 'open' } });
  }

  /** The open order of a surcharge, if any (its number is reused on a retry, R16). */
  private openOrder(surchargeId: string): Promise<PaymentOrderEntity | null> {
    return this.dataSource.getRepository(PaymentOrderEntity).findOneBy({ surchargeId, status: 'open' });
  }

  /**
   * Writes the order before WeChat Pay hears of it. The surcharge row is changed first in the same
   * transaction, so two taps at once queue on it and the second finds the first's order.
   */
  private async createOrder(
    principal: Principal,
    surcharge: SurchargeEntity,
    ticket: TicketEntity,
    merchant: ReadyMerchant,
    payerOpenid: string,
  ): Promise<PaymentOrderEntity> {
    const { surcharge: rules } = await this.settings.forCommunity(surcharge.communityId);
    return inTransaction(this.dataSource, async (tx) => {
      await tx
        .createQueryBuilder()
        .update(SurchargeEntity)
        .set({ version: () => 'version + 1' })
        .where('id = :id', { id: surcharge.id })
        .execute();
      const current = await tx.findOneByOrFail(SurchargeEntity, { id: surcharge.id });
      if (current.status !== 'awaiting_payment')
        throw new DomainException(
          'SURCHARGE_STATUS_CONFLICT',
          `This surcharge is ${current.status}; nothing to pay`,
          {
            status: current.status,
          },
        );
      const existing = await tx.findOneBy(PaymentOrderEntity, { surchargeId: surcharge.id, status: 'open' });
      if (existing !== null) return existing;
      const now = Date.now();
      const order = Object.assign(new PaymentOrderEntity(), {
        id: newId(),
        organizationId: surcharge.organizationId,
        communityId: surcharge.communityId,
        surchargeId: surcharge.id,
        ticketId: ticket.id,
        merchantId: merchant.id,
        outTradeNo: `SR${randomBytes(12).toString('hex')}`,
        amountFen: current.totalFen,
        payerId: principal.userId,
        payerOpenid,
        status: 'open' as const,
        prepayId: null,
        requestPayment: null,
        expiresAt: new Date(now + rules.payWithinMinutes * 60_000),
        transactionId: null,
        paidAt: null,
        closedAt: null,
        nextCheckAt: new Date(now + FIRST_CHECK_MS),
        checks: 0,
        refundedFen: 0,
      });
      await tx.insert(PaymentOrderEntity, order);
      return order;
    });
  }

  /** The order's requestPayment parameters: stored ones, or one prepay shared by every caller. */
  private async prepare(
    order: PaymentOrderEntity,
    merchant: ReadyMerchant,
    ticket: TicketEntity,
  ): Promise<RequestPaymentParams> {
    if (order.requestPayment !== null) return order.requestPayment;
    const running = this.preparing.get(order.id);
    if (running !== undefined) return running;
    const prepared = (async () => {
      // A tap that read the order before another stored its parameters finds them here.
      const current = await this.dataSource
        .getRepository(PaymentOrderEntity)
        .findOneByOrFail({ id: order.id });
      if (current.requestPayment !== null) return current.requestPayment;
      let prepay;
      try {
        prepay = await merchant.gateway.createJsapiOrder({
          outTradeNo: order.outTradeNo,
          description: `报修加价 ${ticket.number}`,
          amountFen: order.amountFen,
          payerOpenid: order.payerOpenid,
          notifyUrl: this.notifyUrl(merchant),
          timeExpire: order.expiresAt,
          attach: order.surchargeId,
        });
      } catch (error) {
        if (error instanceof WechatPayError)
          throw new DomainException('PAYMENT_UNAVAILABLE', 'WeChat Pay did not take the order; try again', {
            platformCode: error.code,
          });
        throw error;
      }
      await this.dataSource
        .createQueryBuilder()
        .update(PaymentOrderEntity)
        .set({ prepayId: prepay.prepayId, requestPayment: prepay.requestPayment })
        .where('id = :id AND prepayId IS NULL', { id: order.id })
        .execute();
      // Another process may have stored its own parameters for the same prepay first: answer those.
      const stored = await this.dataSource
        .getRepository(PaymentOrderEntity)
        .findOneByOrFail({ id: order.id });
      return stored.requestPayment ?? prepay.requestPayment;
    })().finally(() => this.preparing.delete(order.id));
    this.preparing.set(order.id, prepared);
    return prepared;
  }

  /** Asks WeChat Pay where an order stands and acts on it: paid, closed, or ask again later. */
  private async settle(order: PaymentOrderEntity, now = new Date()): Promise<void> {
    const merchant = await this.merchants.byId(order.merchantId);
    if (merchant === null) return;
    const found = await merchant.gateway.queryOrder(order.outTradeNo);
    if (found !== null && found.tradeState === 'SUCCESS') {
      await this.onTransaction(merchant, found, 'query');
      return;
    }
    const over = now.getTime() >= order.expiresAt.getTime();
    const dead = found !== null && ['CLOSED', 'REVOKED', 'PAYERROR'].includes(found.tradeState);
    if (!over && !dead) {
      await this.later(order, now);
      return;
    }
    // Over its time (R15): close it; a payment in the meantime (ORDERPAID) ends it paid.
    const closed = found === null ? 'closed' : await merchant.gateway.closeOrder(order.outTradeNo);
    if (closed === 'paid') {
      const paid = await merchant.gateway.queryOrder(order.outTradeNo);
      if (paid !== null && paid.tradeState === 'SUCCESS') await this.onTransaction(merchant, paid, 'query');
      return;
    }
    await inTransaction(this.dataSource, async (tx) => {
      const result = await tx
        .createQueryBuilder()
        .update(PaymentOrderEntity)
        .set({ status: 'closed', closedAt: now, nextCheckAt: null })
        .where('id = :id AND status = :open', { id: order.id, open: 'open' })
        .execute();
      if (result.affected !== 1) return;
      await this.ledger.record(tx, {
        organizationId: order.organizationId,
        communityId: order.communityId,
        kind: 'payment_closed',
        amountFen: 0,
        concernsFen: order.amountFen,
        orderId: order.id,
        surchargeId: order.surchargeId,
        ticketId: order.ticketId,
        note: found === null ? 'never reached WeChat Pay' : `unpaid, ${found.tradeState}`,
        dedupeKey: `closed:${order.outTradeNo}`,
        occurredAt: now,
      });
    });
  }

  /** The next look at an unsettled order: sooner at first, never after its end. */
  private async later(order: PaymentOrderEntity, now: Date): Promise<void> {
    const gap = Math.min(FIRST_CHECK_MS * 2 ** order.checks, MAX_CHECK_GAP_MS);
    const next = Math.min(now.getTime() + gap, Math.max(order.expiresAt.getTime(), now.getTime() + 1000));
    await this.dataSource
      .getRepository(PaymentOrderEntity)
      .update({ id: order.id, status: 'open' }, { nextCheckAt: new Date(next), checks: order.checks + 1 });
  }

  /**
   * A payment WeChat Pay reports (notification or query). It must be ours in every detail (R13);
   * then the order, the surcharge, the ledger and the ticket's event change together, once (R12).
   */
  private async onTransaction(
    merchant: ReadyMerchant,
    payment: WechatPayTransaction,
    source: 'notification' | 'query',
  ): Promise<void> {
    const order = await this.dataSource
      .getRepository(PaymentOrderEntity)
      .findOneBy({ outTradeNo: payment.outTradeNo, merchantId: merchant.id });
    if (order === null) {
      this.logger.error(`WeChat Pay reported a payment for an order we do not have: ${payment.outTradeNo}`);
      throw rejected('unknown order');
    }
    const mismatch =
      payment.mchid !== merchant.mchid
        ? 'mchid'
        : payment.appid !== merchant.appid
          ? 'appid'
          : payment.amountFen !== order.amountFen
            ? 'amount'
            : payment.tradeState !== 'SUCCESS'
              ? 'trade_state'
              : null;
    if (mismatch !== null) {
      this.logger.error(
        `ALARM: WeChat Pay payment for ${order.outTradeNo} does not match ours (${mismatch})`,
      );
      await inTransaction(this.dataSource, (tx) =>
        this.ledger.record(tx, {
          organizationId: order.organizationId,
          communityId: order.communityId,
          kind: 'alarm',
          amountFen: 0,
          concernsFen: payment.amountFen ?? 0,
          orderId: order.id,
          surchargeId: order.surchargeId,
          ticketId: order.ticketId,
          reference: payment.transactionId ?? null,
          note: `payment ${mismatch} does not match the order (${source})`,
          dedupeKey: `alarm:${order.outTradeNo}:${mismatch}:${payment.transactionId ?? randomBytes(6).toString('hex')}`,
          occurredAt: new Date(),
        }),
      );
      throw rejected(`payment ${mismatch} mismatch`);
    }
    await inTransaction(this.dataSource, async (tx) => {
      const paidAt = payment.successTime ?? new Date();
      const result = await tx
        .createQueryBuilder()
        .update(PaymentOrderEntity)
        .set({ status: 'paid', transactionId: payment.transactionId ?? null, paidAt, nextCheckAt: null })
        .where('id = :id AND status <> :paid', { id: order.id, paid: 'paid' })
        .execute();
      if (result.affected !== 1) return;
      await tx
        .createQueryBuilder()
        .update(SurchargeEntity)
        .set({ status: 'paid', paidFen: () => `paidFen + ${order.amountFen}`, version: () => 'version + 1' })
        .where('id = :id', { id: order.surchargeId })
        .execute();
      await this.ledger.record(tx, {
        organizationId: order.organizationId,
        communityId: order.communityId,
        kind: 'payment',
        amountFen: order.amountFen,
        orderId: order.id,
        surchargeId: order.surchargeId,
        ticketId: order.ticketId,
        reference: payment.transactionId ?? null,
        dedupeKey: `payment:${order.outTradeNo}`,
        occurredAt: paidAt,
      });
      const ticket = await tx.findOneByOrFail(TicketEntity, { id: order.ticketId });
      await this.journal.mark(tx, ticket, 'payment_received', SYSTEM_ACTOR, {
        data: {
          surchargeId: order.surchargeId,
          amountFen: order.amountFen,
          transactionId: payment.transactionId ?? null,
          source,
        },
      });
    });
  }

  /** Asks for (or about) a refund under its own number, and settles what WeChat Pay answers. */
  private async followRefund(refund: PaymentRefundEntity, now: Date, first = false): Promise<void> {
    const order = await this.dataSource
      .getRepository(PaymentOrderEntity)
      .findOneByOrFail({ id: refund.orderId });
    const merchant = await this.merchants.byId(order.merchantId);
    if (merchant === null) return;
    let answer: WechatPayRefund | null;
    try {
      answer =
        first || refund.status === 'pending'
          ? await merchant.gateway.refund({
              outTradeNo: order.outTradeNo,
              outRefundNo: refund.outRefundNo,
              refundFen: refund.amountFen,
              totalFen: order.amountFen,
              reason: refund.reason.slice(0, 80),
              notifyUrl: this.notifyUrl(merchant),
            })
          : await merchant.gateway.queryRefund(refund.outRefundNo);
    } catch (error) {
      if (error instanceof WechatPayError && !error.retryable) {
        await this.refundFailed(refund, order, `${error.code}: refused`);
        throw new DomainException('PAYMENT_UNAVAILABLE', 'WeChat Pay refused the refund', {
          platformCode: error.code,
        });
      }
      await this.dataSource
        .getRepository(PaymentRefundEntity)
        .update(
          { id: refund.id },
          { nextCheckAt: new Date(now.getTime() + FIRST_CHECK_MS), checks: refund.checks + 1 },
        );
      throw error;
    }
    if (answer === null) return;
    await this.onRefund(answer);
  }

  private async onRefund(answer: WechatPayRefund): Promise<void> {
    const refund = await this.dataSource
      .getRepository(PaymentRefundEntity)
      .findOneBy({ outRefundNo: answer.outRefundNo });
    if (refund === null) {
      this.logger.error(`WeChat Pay reported a refund we do not have: ${answer.outRefundNo}`);
      throw rejected('unknown refund');
    }
    const order = await this.dataSource
      .getRepository(PaymentOrderEntity)
      .findOneByOrFail({ id: refund.orderId });
    if (answer.status === 'PROCESSING') {
      await this.dataSource.getRepository(PaymentRefundEntity).update(
        { id: refund.id, status: In(['pending', 'processing']) },
        {
          status: 'processing',
          refundId: answer.refundId,
          nextCheckAt: new Date(Date.now() + FIRST_CHECK_MS),
        },
      );
      return;
    }
    if (answer.status !== 'SUCCESS') {
      await this.refundFailed(refund, order, `refund ${answer.status}`);
      return;
    }
    await inTransaction(this.dataSource, async (tx) => {
      const done = new Date(answer.successTime ?? Date.now());
      const result = await tx
        .createQueryBuilder()
        .update(PaymentRefundEntity)
        .set({ status: 'succeeded', refundId: answer.refundId, completedAt: done, nextCheckAt: null })
        .where('id = :id AND status IN (:...open)', { id: refund.id, open: ['pending', 'processing'] })
        .execute();
      if (result.affected !== 1) return;
      await tx
        .createQueryBuilder()
        .update(SurchargeEntity)
        // status first: MySQL evaluates SET left to right, so it must see refundedFen before the change.
        .set({
          status: () =>
            `CASE WHEN refundedFen + ${refund.amountFen} >= paidFen THEN 'refunded' ELSE status END`,
          refundedFen: () => `refundedFen + ${refund.amountFen}`,
          version: () => 'version + 1',
        })
        .where('id = :id', { id: refund.surchargeId })
        .execute();
      await this.ledger.record(tx, {
        organizationId: refund.organizationId,
        communityId: refund.communityId,
        kind: 'refund',
        amountFen: -refund.amountFen,
        orderId: order.id,
        refundId: refund.id,
        surchargeId: refund.surchargeId,
        ticketId: order.ticketId,
        reference: answer.refundId,
        note: refund.reason,
        dedupeKey: `refund:${refund.outRefundNo}`,
        occurredAt: done,
      });
      const ticket = await tx.findOneByOrFail(TicketEntity, { id: order.ticketId });
      await this.journal.mark(
        tx,
        ticket,
        'surcharge_refunded',
        { userId: refund.requestedById, role: 'admin' },
        { note: refund.reason, data: { surchargeId: refund.surchargeId, amountFen: refund.amountFen } },
      );
    });
  }

  /** A refund that will not happen: its reservation is given back and the failure booked. */
  private async refundFailed(
    refund: PaymentRefundEntity,
    order: PaymentOrderEntity,
    note: string,
  ): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const result = await tx
        .createQueryBuilder()
        .update(PaymentRefundEntity)
        .set({ status: 'failed', completedAt: new Date(), nextCheckAt: null })
        .where('id = :id AND status IN (:...open)', { id: refund.id, open: ['pending', 'processing'] })
        .execute();
      if (result.affected !== 1) return;
      await tx
        .createQueryBuilder()
        .update(PaymentOrderEntity)
        .set({ refundedFen: () => `refundedFen - ${refund.amountFen}` })
        .where('id = :id', { id: order.id })
        .execute();
      await this.ledger.record(tx, {
        organizationId: refund.organizationId,
        communityId: refund.communityId,
        kind: 'refund_failed',
        amountFen: 0,
        concernsFen: refund.amountFen,
        orderId: order.id,
        refundId: refund.id,
        surchargeId: refund.surchargeId,
        ticketId: order.ticketId,
        note,
        dedupeKey: `refund_failed:${refund.outRefundNo}`,
        occurredAt: new Date(),
      });
    });
  }

  private async visibleSurcharge(principal: Principal, id: string): Promise<SurchargeEntity> {
    const surcharge = await this.dataSource
      .getRepository(SurchargeEntity)
      .findOneBy({ id, organizationId: principal.organizationId });
    if (surcharge === null || !(await this.access.canSee(principal, surcharge.ticketId)))
      throw new DomainException('SURCHARGE_NOT_FOUND', 'Surcharge not found', { id });
    return surcharge;
  }

  private notifyUrl(merchant: ReadyMerchant): string {
    return `${this.config.publicBaseUrl}/api/payments/wechat/notify/${merchant.id}`;
  }
}

function rejected(why: string): DomainException {
  return new DomainException('PAYMENT_NOTIFICATION_REJECTED', 'The notification was refused', { why });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toRefundView(row: PaymentRefundEntity): RefundView {
  return {
    id: row.id,
    outRefundNo: row.outRefundNo,
    amountFen: row.amountFen,
    status: row.status,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}
