import { Injectable } from '@nestjs/common';
import { PermanentDeliveryError, type DeliveryChannel } from '../delivery-channel';
import type { OutboxMessageEntity } from '../entities/outbox-message.entity';
import { PlatformDelivery, cut, type PlatformPayload } from './platform-delivery';

/**
 * DingTalk work notices (asyncsend_v2, an action card) to staff and DingTalk residents: the
 * heading, the ticket's facts, and a button that opens the ticket in the DingTalk mini app.
 */
@Injectable()
export class DingtalkNoticeChannel implements DeliveryChannel {
  readonly name = 'dingtalk_notice';

  constructor(private readonly platform: PlatformDelivery) {}

  async deliver(message: OutboxMessageEntity): Promise<void> {
    const payload = message.payload as unknown as PlatformPayload;
    const { app, subject } = await this.platform.addressee(message, 'dingtalk');
    if (app.agentId === null)
      throw new PermanentDeliveryError('the DingTalk app has no agent_id', 'no_agentid');
    const lines = [
      `### ${payload.title}`,
      payload.number ? `- 工单号：${payload.number}` : '',
      payload.status ? `- 状态：${payload.status}` : '',
      payload.location ? `- 位置：${payload.location}` : '',
      payload.time ? `- 时间：${payload.time}` : '',
      '',
      payload.body,
    ].filter((line, index) => line !== '' || index === 5);
    const actionCard: Record<string, unknown> = {
      title: cut(payload.title, 64),
      markdown: cut(lines.join('\n'), 1000),
    };
    if (payload.page) {
      actionCard.single_title = '查看工单';
      actionCard.single_url =
        `dingtalk://dingtalkclient/action/open_mini_app?miniAppId=${encodeURIComponent(app.appId)}` +
        `&page=${encodeURIComponent(payload.page)}`;
    }
    await this.platform.post('dingtalk', app, '/topapi/message/corpconversation/asyncsend_v2', {
      agent_id: Number(app.agentId),
      userid_list: subject,
      msg: { msgtype: 'action_card', action_card: actionCard },
    });
  }
}
