import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../../database/transaction';
import { DeliverySkipped, type DeliveryChannel } from '../delivery-channel';
import { NotificationConsentUseEntity } from '../entities/notification-consent-use.entity';
import { NotificationConsentEntity } from '../entities/notification-consent.entity';
import type { OutboxMessageEntity } from '../entities/outbox-message.entity';
import { PlatformDelivery, type PlatformPayload } from './platform-delivery';

/** The WeChat part of a subscribe message's payload: the template and its keyword values. */
export interface WechatSubscribePayload extends PlatformPayload {
  templateId: string;
  /** keyword → value, already cut to what each keyword takes. */
  data: Record<string, string>;
}

/** The platform's "no consent left / refused" answer (sheet §1.4). */
const NO_CONSENT = 43101;

/**
 * WeChat mini-program subscribe messages to residents (F3.1, R21). One accepted consent buys one
 * message: the consent is taken in the same transaction that records which message took it, so
 * a message sent again never takes a second; with none left the message is skipped (the inbox
 * has it). The platform's 43101 sets the count to zero and is not retried.
 */
@Injectable()
export class WechatSubscribeChannel implements DeliveryChannel {
  readonly name = 'wechat_subscribe';

  constructor(
    private readonly dataSource: DataSource,
    private readonly platform: PlatformDelivery,
  ) {}

  async deliver(message: OutboxMessageEntity): Promise<void> {
    const payload = message.payload as unknown as WechatSubscribePayload;
    if (!payload.templateId) throw new DeliverySkipped('no subscribe template is chosen', 'no_template');
    const { app, subject } = await this.platform.addressee(message, 'wechat_miniprogram');
    const consent = { userId: message.recipientId, appId: app.appId, templateId: payload.templateId };
    await this.takeConsent(message.id, consent);
    const body = {
      touser: subject,
      template_id: payload.templateId,
      page: payload.page,
      lang: 'zh_CN',
      data: Object.fromEntries(Object.entries(payload.data).map(([keyword, value]) => [keyword, { value }])),
    };
    try {
      await this.platform.post('wechat', app, '/cgi-bin/message/subscribe/send', body, (error) =>
        error.code === NO_CONSENT
          ? new DeliverySkipped('the person has no subscribe consent left on WeChat', NO_CONSENT)
          : undefined,
      );
    } catch (error) {
      // The platform knows better: whatever we counted is gone.
      if (error instanceof DeliverySkipped && error.code === NO_CONSENT)
        await this.dataSource.getRepository(NotificationConsentEntity).update(consent, { remaining: 0 });
      throw error;
    }
  }

  /** Takes one consent for this message, unless it took one on an earlier attempt. */
  private async takeConsent(
    outboxId: string,
    consent: { userId: string; appId: string; templateId: string },
  ): Promise<void> {
    const taken = await this.dataSource.getRepository(NotificationConsentUseEntity).existsBy({ outboxId });
    if (taken) return;
    const took = await inTransaction(this.dataSource, async (manager) => {
      const row = await manager.findOne(NotificationConsentEntity, { select: { id: true }, where: consent });
      if (row === null) return false;
      const spent = await manager
        .createQueryBuilder()
        .update(NotificationConsentEntity)
        .set({ remaining: () => 'remaining - 1' })
        .where('id = :id AND remaining > 0', { id: row.id })
        .execute();
      if (spent.affected !== 1) return false;
      await manager.insert(NotificationConsentUseEntity, { outboxId, consentId: row.id });
      return true;
    });
    if (!took) throw new DeliverySkipped('the person has no subscribe consent left', 'no_consent');
  }
}
