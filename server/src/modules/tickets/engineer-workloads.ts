import type { TicketStatus } from '@smart-repair/shared';
import type { EntityManager } from 'typeorm';
import { defer } from '../../database/deferred-writes';
import { sqlDialectFor } from '../../database/sql-dialect';

/** Statuses in which a ticket keeps its engineer busy. */
export const WORKLOAD_STATUSES: readonly TicketStatus[] = [
  'dispatched',
  'assigned',
  'in_repair',
  'plan_pending',
  'planned',
];

/** Who holds a ticket, and in which status: all the workload counters need of it. */
export interface Holding {
  assigneeId: string | null;
  status: TicketStatus;
}

export interface WorkloadChange {
  userId: string;
  delta: number;
  assignedAt: Date | null;
}

/** What a ticket's change does to the counters: -1 for whoever stops holding it open, +1 for who starts. */
export function workloadChanges(before: Holding | null, after: Holding, now: Date): WorkloadChange[] {
  const counted = (holding: Holding | null) =>
    holding !== null && holding.assigneeId !== null && WORKLOAD_STATUSES.includes(holding.status)
      ? holding.assigneeId
      : null;
  const was = counted(before);
  const is = counted(after);
  const handedOver = after.assigneeId !== null && after.assigneeId !== (before?.assigneeId ?? null);
  if (was === is && !handedOver) return [];
  const changes = new Map<string, WorkloadChange>();
  const change = (userId: string) => {
    const existing = changes.get(userId) ?? { userId, delta: 0, assignedAt: null };
    changes.set(userId, existing);
    return existing;
  };
  if (was !== is) {
    if (was !== null) change(was).delta -= 1;
    if (is !== null) change(is).delta += 1;
  }
  if (handedOver) change(after.assigneeId!).assignedAt = now;
  return [...changes.values()];
}

/**
 * Applies the changes in the caller's transaction, one statement for all of them; `deferred`
 * keeps them for the commit, merged with the transaction's other deferred changes.
 */
export async function recordWorkloads(
  manager: EntityManager,
  changes: readonly WorkloadChange[],
  { deferred = false } = {},
): Promise<void> {
  if (deferred)
    await defer(manager, 'engineer workloads', changes, (writer, all) =>
      upsert(writer, merged(all as WorkloadChange[])),
    );
  else await upsert(manager, changes);
}

/**
 * One change per engineer: the deltas summed, the latest hand-over kept; in id order, so
 * transactions writing at once lock the counters in the same order and cannot deadlock.
 */
function merged(changes: readonly WorkloadChange[]): WorkloadChange[] {
  const byUser = new Map<string, WorkloadChange>();
  for (const change of changes) {
    const seen = byUser.get(change.userId);
    if (seen === undefined) byUser.set(change.userId, { ...change });
    else {
      seen.delta += change.delta;
      if (change.assignedAt !== null && (seen.assignedAt === null || change.assignedAt > seen.assignedAt))
        seen.assignedAt = change.assignedAt;
    }
  }
  return [...byUser.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

async function upsert(manager: EntityManager, changes: readonly WorkloadChange[]): Promise<void> {
  if (changes.length === 0) return;
  const { driver, options } = manager.connection;
  const rows = changes.map((_, i) => `(:user${i}, :delta${i}, :at${i})`).join(', ');
  const parameters = Object.fromEntries(
    changes.flatMap((change, i) => [
      [`user${i}`, change.userId],
      [`delta${i}`, change.delta],
      [`at${i}`, change.assignedAt],
    ]),
  );
  // Through the driver's own parameter handling, so dates are stored as every other write stores them.
  const [sql, values] = driver.escapeQueryWithParameters(
    `INSERT INTO engineer_workloads (userId, openTickets, lastAssignedAt) VALUES ${rows} ${sqlDialectFor(
      options.type,
    ).onKeyAdd('userId', ['openTickets'], ['lastAssignedAt'])}`,
    parameters,
  );
  await manager.query(sql, values);
}
