import { Injectable } from '@nestjs/common';
import { DataSource, Between, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { paging } from '../../common/http/pagination';
import { newId } from '../../database/ids';
import type { Principal } from '../../tenancy/principal';
import { TenantScope } from '../../tenancy/tenant-scope';
import type { LedgerDayView, LedgerQuery, LedgerView } from './dto/payments.dto';
import { LedgerEntryEntity, type LedgerKind } from './entities/ledger-entry.entity';

const DAY_MS = 24 * 3600_000;
const CHINA_OFFSET_MS = 8 * 3600_000;
/** A ledger view covers at most this much time. */
const MAX_RANGE_DAYS = 366;

export interface LedgerFact {
  organizationId: string;
  communityId: string;
  kind: LedgerKind;
  amountFen: number;
  concernsFen?: number;
  orderId?: string | null;
  refundId?: string | null;
  surchargeId?: string | null;
  ticketId?: string | null;
  reference?: string | null;
  note?: string;
  dedupeKey: string;
  occurredAt: Date;
}

/** The money book of each community: written with each fact, read by admins and HQ. */
@Injectable()
export class LedgerService {
  constructor(private readonly dataSource: DataSource) {}

  /** Books a fact once: a second write with the same dedupe key changes nothing. */
  async record(manager: EntityManager, fact: LedgerFact): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(LedgerEntryEntity)
      .values({
        id: newId(),
        organizationId: fact.organizationId,
        communityId: fact.communityId,
        kind: fact.kind,
        amountFen: fact.amountFen,
        concernsFen: fact.concernsFen ?? 0,
        orderId: fact.orderId ?? null,
        refundId: fact.refundId ?? null,
        surchargeId: fact.surchargeId ?? null,
        ticketId: fact.ticketId ?? null,
        reference: fact.reference ?? null,
        note: (fact.note ?? '').slice(0, 200),
        dedupeKey: fact.dedupeKey,
        occurredAt: fact.occurredAt,
      })
      .orIgnore()
      .execute();
  }

  /** Entries newest first, with totals per China-time day and for the whole range. */
  async list(principal: Principal, query: LedgerQuery): Promise<LedgerView> {
    const { page, pageSize, skip } = paging(query);
    const to = query.to === undefined ? new Date() : new Date(query.to);
    const from = query.from === undefined ? new Date(to.getTime() - 30 * DAY_MS) : new Date(query.from);
    const empty = {
      items: [],
      total: 0,
      page,
      pageSize,
      days: [],
      totals: totalsOf([], rangeLabel(from, to)),
    };
    const scope = TenantScope.where<LedgerEntryEntity>(principal, 'payment.read');
    if (scope === null) return empty;
    if (query.communityId !== undefined)
      await TenantScope.community(this.dataSource.manager, principal, 'payment.read', query.communityId);
    const clampedFrom =
      to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS
        ? new Date(to.getTime() - MAX_RANGE_DAYS * DAY_MS)
        : from;
    const where: FindOptionsWhere<LedgerEntryEntity> = {
      ...scope,
      ...(query.communityId === undefined ? {} : { communityId: query.communityId }),
      occurredAt: Between(clampedFrom, to),
    };
    const repository = this.dataSource.getRepository(LedgerEntryEntity);
    const [rows, total] = await repository.findAndCount({
      where: query.kind === undefined ? where : { ...where, kind: query.kind },
      order: { occurredAt: 'DESC', id: 'DESC' },
      skip,
      take: pageSize,
    });
    // Day totals over the whole range: only the columns they need.
    const all = await repository.find({ select: { kind: true, amountFen: true, occurredAt: true }, where });
    const byDay = new Map<string, LedgerEntryEntity[]>();
    for (const entry of all) {
      const day = chinaDay(entry.occurredAt);
      byDay.set(day, [...(byDay.get(day) ?? []), entry]);
    }
    return {
      items: rows.map((row) => ({
        id: row.id,
        communityId: row.communityId,
        kind: row.kind,
        amountFen: row.amountFen,
        concernsFen: row.concernsFen,
        ticketId: row.ticketId,
        surchargeId: row.surchargeId,
        reference: row.reference,
        note: row.note,
        occurredAt: row.occurredAt.toISOString(),
      })),
      total,
      page,
      pageSize,
      days: [...byDay.keys()].sort().map((day) => totalsOf(byDay.get(day)!, day)),
      totals: totalsOf(all, rangeLabel(clampedFrom, to)),
    };
  }
}

function totalsOf(entries: Pick<LedgerEntryEntity, 'kind' | 'amountFen'>[], day: string): LedgerDayView {
  const payments = entries.filter((entry) => entry.kind === 'payment');
  const refunds = entries.filter((entry) => entry.kind === 'refund');
  const paymentsFen = payments.reduce((sum, entry) => sum + entry.amountFen, 0);
  const refundsFen = -refunds.reduce((sum, entry) => sum + entry.amountFen, 0);
  return {
    day,
    paymentsFen,
    refundsFen,
    netFen: paymentsFen - refundsFen,
    payments: payments.length,
    refunds: refunds.length,
    problems: entries.length - payments.length - refunds.length,
  };
}

function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function rangeLabel(from: Date, to: Date): string {
  return `${chinaDay(from)}..${chinaDay(to)}`;
}
