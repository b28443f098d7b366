import type { Database } from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DataSource, EntityManager, ObjectLiteral, QueryBuilder } from 'typeorm';

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

/**
 * Runs one statement on its own, committed at once, and answers how many rows it changed: for
 * leases and caches that must not ride along with (and vanish with) some use case's transaction.
 * On SQLite, whose one connection every query runner shares, it takes a turn in the transaction
 * queue and runs synchronously while no transaction is open, so it never holds the write lock
 * across an await. On MySQL/MariaDB it is a pooled connection in autocommit.
 */
export async function executeAlone(
  dataSource: DataSource,
  query: QueryBuilder<ObjectLiteral>,
): Promise<number> {
  if (dataSource.options.type !== 'better-sqlite3') {
    return ((await query.execute()) as { affected?: number }).affected ?? 0;
  }
  const shared = dataSource.createQueryRunner();
  while (shared.isTransactionActive) {
    await inTransaction(dataSource, () => Promise.resolve());
    // One begun outside the queue: let it finish.
    if (shared.isTransactionActive) await nextTurn();
  }
  const [sql, parameters] = query.getQueryAndParameters();
  const connection = (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  return connection.prepare(sql).run(...(parameters as unknown[])).changes;
}
