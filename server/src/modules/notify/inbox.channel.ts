import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../database/transaction';
import type { DeliveryChannel } from './delivery-channel';
import { InboxMessageEntity } from './entities/inbox-message.entity';
import type { OutboxMessageEntity } from './entities/outbox-message.entity';

/** The in-app inbox: always there, and idempotent (the inbox row's id is the outbox row's id). */
@Injectable()
export class InboxChannel implements DeliveryChannel {
  readonly name = 'inbox';

  constructor(private readonly dataSource: DataSource) {}

  async deliver(message: OutboxMessageEntity): Promise<void> {
    const payload = message.payload as { title?: string; body?: string; ticketId?: string };
    await inTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(InboxMessageEntity)
        .values({
          id: message.id,
          organizationId: message.organizationId,
          userId: message.recipientId,
          kind: message.kind,
          title: (payload.title ?? message.kind).slice(0, 200),
          body: (payload.body ?? '').slice(0, 500),
          ticketId: payload.ticketId ?? null,
          readAt: null,
          createdAt: message.createdAt,
        })
        .orIgnore()
        .updateEntity(false)
        .execute(),
    );
  }
}
