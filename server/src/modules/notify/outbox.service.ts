import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { deferInsert, insertRows } from '../../database/deferred-writes';
import { newId } from '../../database/ids';
import { OutboxMessageEntity } from './entities/outbox-message.entity';

export interface OutboxItem {
  organizationId: string;
  communityId: string | null;
  channel: string;
  recipientId: string;
  /** The ticket it is about, if any. */
  ticketId?: string | null;
  kind: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/** Writes messages to deliver into the caller's transaction: they exist exactly if the change does. */
@Injectable()
export class OutboxService {
  async enqueue(
    manager: EntityManager,
    items: readonly OutboxItem[],
    now = new Date(),
    { deferred = false } = {},
  ): Promise<void> {
    if (items.length === 0) return;
    const rows = items.map((item) => ({
      ...item,
      ticketId: item.ticketId ?? null,
      id: newId(),
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
      sentAt: null,
      createdAt: now,
    }));
    // A message already queued for the same cause and person is kept as it is.
    const messages = rows as QueryDeepPartialEntity<OutboxMessageEntity>[];
    if (deferred) await deferInsert(manager, OutboxMessageEntity, messages, { orIgnore: true });
    else await insertRows(manager, OutboxMessageEntity, messages, { orIgnore: true });
  }
}
