import { Inject, Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';

const CALLBACKS = Symbol('run when the transaction ends');

type Holder = { [CALLBACKS]?: (() => void)[] };

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

/** The listener behind whenTransactionEnds, installed on the data source. */
@Injectable()
export class TransactionEndListener implements EntitySubscriberInterface {
  constructor(@Inject(DataSource) dataSource: DataSource) {
    (dataSource.subscribers as EntitySubscriberInterface[]).push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    ended(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    ended(event.queryRunner);
  }
}

function ended(runner: QueryRunner): void {
  const holder = runner.data as Holder;
  const callbacks = holder[CALLBACKS];
  if (callbacks === undefined) return;
  delete holder[CALLBACKS];
  for (const callback of callbacks) callback();
}
