import { createHash } from 'node:crypto';
import type { TicketEventEntity } from './entities/ticket-event.entity';

/** The hash before a ticket's first event. */
export const GENESIS_HASH = '0'.repeat(64);

type HashedFields = Pick<
  TicketEventEntity,
  | 'ticketId'
  | 'seq'
  | 'action'
  | 'fromStatus'
  | 'toStatus'
  | 'actorId'
  | 'actorRole'
  | 'note'
  | 'data'
  | 'createdAt'
  | 'prevHash'
>;

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** SHA-256 over an event's content and the hash of the event before it. */
export function eventHash(event: HashedFields): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        ticketId: event.ticketId,
        seq: event.seq,
        action: event.action,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        actorId: event.actorId,
        actorRole: event.actorRole,
        note: event.note,
        data: event.data,
        createdAt: event.createdAt,
        prevHash: event.prevHash,
      }),
    )
    .digest('hex');
}

export interface ChainProblem {
  seq: number;
  problem: 'hash_mismatch' | 'broken_link' | 'missing_event' | 'head_mismatch';
}

/**
 * Checks a ticket's events in order: each hash matches its content, each links to the one
 * before, no sequence number is missing, and the last is the head the ticket row remembers.
 */
export function verifyChain(
  events: readonly TicketEventEntity[],
  headHash: string,
  headSeq: number,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous = GENESIS_HASH;
  events.forEach((event, index) => {
    if (event.seq !== index + 1) problems.push({ seq: index + 1, problem: 'missing_event' });
    if (event.prevHash !== previous) problems.push({ seq: event.seq, problem: 'broken_link' });
    if (eventHash(event) !== event.hash) problems.push({ seq: event.seq, problem: 'hash_mismatch' });
    previous = event.hash;
  });
  if (events.length !== headSeq || previous !== headHash) {
    problems.push({ seq: headSeq, problem: 'head_mismatch' });
  }
  return problems;
}
