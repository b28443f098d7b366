import type { DataSource, EntityManager } from 'typeorm';

/** The tail of each SQLite database's queue of transactions. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` in one transaction. On MySQL/MariaDB every transaction has a pooled connection of
 * its own. SQLite has one connection that every query runner shares, so two transactions
 * started at once would nest ("cannot start a transaction within a transaction") or interleave:
 * they are queued here and run one after another, which is how SQLite writes anyway.
 */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource.transaction(work);
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const run = previous.then(() => dataSource.transaction(work));
  sqliteQueues.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}
