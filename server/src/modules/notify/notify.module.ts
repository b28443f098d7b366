import { Module } from '@nestjs/common';
import { PlatformsModule } from '../../platforms/platforms.module';
import { AuditModule } from '../audit/audit.module';
import { DingtalkNoticeChannel } from './channels/dingtalk-notice.channel';
import { PlatformDelivery } from './channels/platform-delivery';
import { WechatSubscribeChannel } from './channels/wechat-subscribe.channel';
import { WecomCardChannel } from './channels/wecom-card.channel';
import { ConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';
import { DeliveriesService } from './deliveries.service';
import { DELIVERY_CHANNELS, type DeliveryChannel } from './delivery-channel';
import { InboxChannel } from './inbox.channel';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { NotificationRulesService } from './notification-rules.service';
import { DeliveriesController, NotificationRulesController } from './notifications-admin.controller';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

const CHANNELS = [InboxChannel, WechatSubscribeChannel, WecomCardChannel, DingtalkNoticeChannel];

/**
 * Notifications (F3): an outbox written with the change that causes it, a worker that delivers
 * it to the in-app inbox every user has and to WeChat, WeCom and DingTalk, the organisation's
 * rules for who hears of what, subscribe consents, and the admins' view of every delivery.
 */
@Module({
  imports: [PlatformsModule, AuditModule],
  controllers: [InboxController, ConsentsController, NotificationRulesController, DeliveriesController],
  providers: [
    OutboxService,
    OutboxWorker,
    InboxService,
    NotificationRulesService,
    ConsentsService,
    DeliveriesService,
    PlatformDelivery,
    ...CHANNELS,
    {
      provide: DELIVERY_CHANNELS,
      useFactory: (...channels: DeliveryChannel[]) => channels,
      inject: CHANNELS,
    },
  ],
  exports: [OutboxService, OutboxWorker, NotificationRulesService],
})
export class NotifyModule {}
