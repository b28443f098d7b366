import { Inject, Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type EntityTarget,
  type ObjectLiteral,
  type QueryRunner,
  type TransactionCommitEvent,
} from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { runPrepared } from './prepared';

/** Rows of one kind waiting for the transaction's end, and how to write them all at once. */
interface Deferred {
  rows: unknown[];
  write: (manager: EntityManager, rows: unknown[]) => Promise<void>;
}

const DEFERRED = Symbol('writes deferred to the end of the transaction');

type Holder = { [DEFERRED]?: Map<string, Deferred> };

/**
 * Writes that nothing reads back within the transaction (a new ticket's row, events, counters,
 * outbox messages) wait until it commits and then go in as one statement per kind: several
 * reports written in one transaction cost a handful of statements, not a handful each. Kinds are
 * written in the order they were first deferred, so a parent row goes in before its children.
 * Outside a transaction the rows are written at once.
 */
export async function defer(
  manager: EntityManager,
  kind: string,
  rows: readonly unknown[],
  write: (manager: EntityManager, rows: unknown[]) => Promise<void>,
): Promise<void> {
  if (rows.length === 0) return;
  const runner = manager.queryRunner;
  if (runner === undefined || !runner.isTransactionActive) {
    await write(manager, [...rows]);
    return;
  }
  const holder = runner.data as Holder;
  const pending = (holder[DEFERRED] ??= new Map());
  const entry = pending.get(kind);
  if (entry === undefined) pending.set(kind, { rows: [...rows], write });
  else entry.rows.push(...rows);
}

/** Inserts rows of an entity at the end of the transaction, together with the others deferred. */
export function deferInsert<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly QueryDeepPartialEntity<T>[],
  options: { orIgnore?: boolean } = {},
): Promise<void> {
  const name = manager.connection.getMetadata(target).tableName;
  return defer(manager, `insert ${name}${options.orIgnore ? ' or ignore' : ''}`, rows, (writer, all) =>
    insertRows(writer, target, all as ObjectLiteral[], options),
  );
}

/**
 * One multi-row INSERT of whole entity rows, written now (deferInsert calls it at the commit).
 * Every value is converted by the driver as TypeORM's own insert converts it (dates, JSON,
 * booleans). Written here because TypeORM's builder names a parameter per value and rescans the
 * statement for each, which costs more than the database does once a batch has a few hundred
 * values. A value left out takes the column's default: the insertion time for the created and
 * updated dates, the declared default, else NULL. Like any raw statement it passes by TypeORM's
 * listeners, so the read caches do not hear of these rows: only tables nothing caches go here.
 */
export async function insertRows(
  manager: EntityManager,
  target: EntityTarget<ObjectLiteral>,
  rows: readonly ObjectLiteral[],
  { orIgnore = false }: { orIgnore?: boolean },
): Promise<void> {
  if (rows.length === 0) return;
  const { driver, options } = manager.connection;
  const metadata = manager.connection.getMetadata(target);
  const columns = metadata.columns.filter((column) => column.isInsert && !column.isVirtual);
  const now = new Date();
  const values: unknown[] = [];
  for (const row of rows) {
    for (const column of columns) {
      let value: unknown = column.getEntityValue(row);
      if (value === undefined) {
        if (column.isCreateDate || column.isUpdateDate) value = now;
        else if (['string', 'number', 'boolean'].includes(typeof column.default)) value = column.default;
        else value = null;
      }
      values.push(driver.preparePersistentValue(value, column));
    }
  }
  const sqlite = options.type === 'better-sqlite3';
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const sql =
    `INSERT ${orIgnore ? (sqlite ? 'OR IGNORE ' : 'IGNORE ') : ''}INTO ${driver.escape(metadata.tableName)} ` +
    `(${columns.map((column) => driver.escape(column.databaseName)).join(', ')}) ` +
    `VALUES ${rows.map(() => placeholders).join(', ')}`;
  await runPrepared(manager, sql, values);
}

/** Rows of an entity deferred in this transaction and not written yet (what a read would miss). */
export function pendingInserts<T>(manager: EntityManager, target: EntityTarget<T>): readonly T[] {
  const pending = (manager.queryRunner?.data as Holder | undefined)?.[DEFERRED];
  if (pending === undefined) return [];
  const name = manager.connection.getMetadata(target as EntityTarget<ObjectLiteral>).tableName;
  return [...pending]
    .filter(([kind]) => kind === `insert ${name}` || kind === `insert ${name} or ignore`)
    .flatMap(([, entry]) => entry.rows as T[]);
}

/** Writes everything deferred so far: before a statement that must see those rows. */
export async function flushDeferred(manager: EntityManager): Promise<void> {
  await flush(manager.queryRunner);
}

async function flush(runner: QueryRunner | undefined): Promise<void> {
  const holder = runner?.data as Holder | undefined;
  const pending = holder?.[DEFERRED];
  if (runner === undefined || pending === undefined) return;
  delete holder![DEFERRED];
  for (const { rows, write } of pending.values()) await write(runner.manager, rows);
}

/** Writes the deferred rows as the transaction commits (before COMMIT is sent). */
@Injectable()
export class DeferredWritesListener implements EntitySubscriberInterface {
  constructor(@Inject(DataSource) dataSource: DataSource) {
    (dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    return flush(event.queryRunner);
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    delete (event.queryRunner.data as Holder)[DEFERRED];
  }
}
