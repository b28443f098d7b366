import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { inTransaction } from '../../database/transaction';
import type { DeliveryChannel } from './delivery-channel';
import { InboxMessageEntity } from './entities/inbox-message.entity';
import type { OutboxMessageEntity } from './entities/outbox-message.entity';

type InboxSource = Pick<
  OutboxMessageEntity,
  'id' | 'organizationId' | 'recipientId' | 'kind' | 'payload' | 'createdAt'
>;

/** The inbox row a message becomes; its id is the outbox row's id. */
export function inboxRow(message: InboxSource): QueryDeepPartialEntity<InboxMessageEntity> {
  const payload = message.payload as { title?: string; body?: string; ticketId?: string };
  return {
    id: message.id,
    organizationId: message.organizationId,
    userId: message.recipientId,
    kind: message.kind,
    title: (payload.title ?? message.kind).slice(0, 200),
    body: (payload.body ?? '').slice(0, 500),
    ticketId: payload.ticketId ?? null,
    readAt: null,
    createdAt: message.createdAt,
  };
}

/**
 * The in-app inbox. New messages are written into it with the change that causes them
 * (OutboxService), so this channel only delivers rows queued before that was so; it is
 * idempotent (the inbox row's id is the outbox row's id).
 */
@Injectable()
export class InboxChannel implements DeliveryChannel {
  readonly name = 'inbox';

  constructor(private readonly dataSource: DataSource) {}

  async deliver(message: OutboxMessageEntity): Promise<void> {
    await inTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(InboxMessageEntity)
        .values(inboxRow(message))
        .orIgnore()
        .updateEntity(false)
        .execute(),
    );
  }
}
