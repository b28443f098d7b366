import { Inject, Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';

const CALLBACKS = Symbol('run when the transaction ends');
const ON_COMMIT = Symbol('run if the transaction commits');

type Holder = { [CALLBACKS]?: (() => void)[]; [ON_COMMIT]?: (() => void)[] };

/**
 * Runs `callback` once the transaction on `runner` (a manager's queryRunner) has committed or
 * rolled back, or at once when there is none: for in-process bookkeeping that must follow the
 * transaction's outcome.
 */
export function whenTransactionEnds(runner: QueryRunner | undefined, callback: () => void): void {
  if (runner === undefined || !runner.isTransactionActive) {
    callback();
    return;
  }
  ((runner.data as Holder)[CALLBACKS] ??= []).push(callback);
}

/** Runs `callback` once the transaction on `runner` has committed (never if it rolls back), or at once when there is none. */
export function whenTransactionCommits(runner: QueryRunner | undefined, callback: () => void): void {
  if (runner === undefined || !runner.isTransactionActive) {
    callback();
    return;
  }
  ((runner.data as Holder)[ON_COMMIT] ??= []).push(callback);
}

/** The listener behind whenTransactionEnds and whenTransactionCommits, installed on the data source. */
@Injectable()
export class TransactionEndListener implements EntitySubscriberInterface {
  constructor(@Inject(DataSource) dataSource: DataSource) {
    (dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    ended(event.queryRunner, true);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    ended(event.queryRunner, false);
  }
}

function ended(runner: QueryRunner, committed: boolean): void {
  const holder = runner.data as Holder;
  const callbacks = holder[CALLBACKS] ?? [];
  const onCommit = committed ? (holder[ON_COMMIT] ?? []) : [];
  delete holder[CALLBACKS];
  delete holder[ON_COMMIT];
  for (const callback of [...callbacks, ...onCommit]) callback();
}
