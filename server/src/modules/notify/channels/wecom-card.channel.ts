import { Injectable } from '@nestjs/common';
import { PlatformAppsService } from '../../../platforms/platform-apps.service';
import { PermanentDeliveryError, type DeliveryChannel } from '../delivery-channel';
import type { OutboxMessageEntity } from '../entities/outbox-message.entity';
import { PlatformDelivery, cut, type PlatformPayload } from './platform-delivery';

/** WeCom: a card's task_id is already taken — an earlier attempt of this very message got through. */
const TASK_ID_TAKEN = 42014;

/**
 * WeCom template cards (text_notice) to engineers and office staff (F3.2): the heading, the
 * ticket's number, status and place, and a tap that opens the ticket in the mini program. The
 * task_id is the outbox message's id, so WeCom itself refuses a second send of the same message
 * (42014), which counts as sent. 81013 (nobody valid to send to) is final.
 */
@Injectable()
export class WecomCardChannel implements DeliveryChannel {
  readonly name = 'wecom_card';

  constructor(
    private readonly platform: PlatformDelivery,
    private readonly apps: PlatformAppsService,
  ) {}

  async deliver(message: OutboxMessageEntity): Promise<void> {
    const payload = message.payload as unknown as PlatformPayload;
    const { app, subject } = await this.platform.addressee(message, 'wecom');
    if (app.agentId === null) throw new PermanentDeliveryError('the WeCom app has no agentid', 'no_agentid');
    // The card opens the ticket in the organisation's mini program (associated with the WeCom app).
    const miniProgram = await this.apps.forOrganization(message.organizationId, 'wechat_miniprogram');
    const fields = [
      { keyname: '工单号', value: payload.number },
      { keyname: '状态', value: payload.status },
      { keyname: '位置', value: payload.location },
    ].filter((field): field is { keyname: string; value: string } => Boolean(field.value));
    const card: Record<string, unknown> = {
      card_type: 'text_notice',
      source: { desc: '智能报修' },
      main_title: { title: cut(payload.title, 26), desc: payload.time ?? '' },
      sub_title_text: cut(payload.body, 60),
      horizontal_content_list: fields.map((field) => ({ ...field, value: cut(field.value, 26) })),
      task_id: `notice-${message.id}`,
    };
    if (miniProgram !== null && payload.page)
      card.card_action = { type: 2, appid: miniProgram.appId, pagepath: payload.page };
    await this.platform.post(
      'wecom',
      app,
      '/cgi-bin/message/send',
      { touser: subject, msgtype: 'template_card', agentid: Number(app.agentId), template_card: card },
      (error) => (error.code === TASK_ID_TAKEN ? 'sent' : undefined),
    );
  }
}
