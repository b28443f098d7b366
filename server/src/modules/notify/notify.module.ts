import { Module } from '@nestjs/common';
import { DELIVERY_CHANNELS } from './delivery-channel';
import { InboxChannel } from './inbox.channel';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { OutboxService } from './outbox.service';
import { OutboxWorker } from './outbox.worker';

/**
 * Notifications (F3): an outbox written with the change that causes it, a worker that delivers
 * it, and the in-app inbox every user has. Platform channels join DELIVERY_CHANNELS.
 */
@Module({
  controllers: [InboxController],
  providers: [
    OutboxService,
    OutboxWorker,
    InboxService,
    InboxChannel,
    { provide: DELIVERY_CHANNELS, useFactory: (inbox: InboxChannel) => [inbox], inject: [InboxChannel] },
  ],
  exports: [OutboxService, OutboxWorker],
})
export class NotifyModule {}
