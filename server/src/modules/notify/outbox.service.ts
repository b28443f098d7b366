import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { defer, deferInsert, insertRows } from '../../database/deferred-writes';
import { newId } from '../../database/ids';
import { InboxMessageEntity } from './entities/inbox-message.entity';
import { OutboxMessageEntity } from './entities/outbox-message.entity';
import { inboxRow } from './inbox.channel';

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

/**
 * Writes messages to deliver into the caller's transaction: they exist exactly if the change does.
 * The in-app inbox lives in this database, so its messages are delivered right there, in the same
 * transaction, and kept in the outbox as sent (the deliveries view lists every channel); only the
 * platforms' messages wait for the worker.
 */
@Injectable()
export class OutboxService {
  async enqueue(
    manager: EntityManager,
    items: readonly OutboxItem[],
    now = new Date(),
    { deferred = false } = {},
  ): Promise<void> {
    if (items.length === 0) return;
    const rows = items.map((item) => {
      const inbox = item.channel === 'inbox';
      return {
        ...item,
        ticketId: item.ticketId ?? null,
        id: newId(),
        status: inbox ? ('sent' as const) : ('pending' as const),
        attempts: 0,
        nextAttemptAt: now,
        lockedBy: null,
        lockedUntil: null,
        lastError: null,
        sentAt: inbox ? now : null,
        createdAt: now,
      };
    });
    const inboxRows = rows.filter((row) => row.channel === 'inbox').map(inboxRow);
    // A message already queued for the same cause and person is kept as it is.
    const messages = rows as QueryDeepPartialEntity<OutboxMessageEntity>[];
    if (deferred) {
      await deferInsert(manager, OutboxMessageEntity, messages, { orIgnore: true });
      // Deferred after the outbox rows, so written after them at the commit.
      await defer(manager, 'inbox messages of kept outbox rows', inboxRows, insertInboxOfKept);
    } else {
      await insertRows(manager, OutboxMessageEntity, messages, { orIgnore: true });
      await insertInboxOfKept(manager, inboxRows);
    }
  }
}

/**
 * The inbox rows of the outbox rows that went in: one the outbox ignored, as a message for the
 * same cause and person was there already, would otherwise show in the inbox twice.
 */
async function insertInboxOfKept(manager: EntityManager, rows: readonly unknown[]): Promise<void> {
  if (rows.length === 0) return;
  const inbox = rows as QueryDeepPartialEntity<InboxMessageEntity>[];
  const kept = await manager.find(OutboxMessageEntity, {
    select: { id: true },
    where: { id: In(inbox.map((row) => row.id as string)) },
  });
  const keptIds = new Set(kept.map((row) => row.id));
  const fresh = inbox.filter((row) => keptIds.has(row.id as string));
  await insertRows(manager, InboxMessageEntity, fresh, { orIgnore: true });
}
