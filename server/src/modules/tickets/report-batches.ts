import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '../../database/transaction';

/** Reports written together at most; more wait for the next transaction. */
const MAX_BATCH = 32;
/** Transactions of reports written at once, at most. */
const MAX_WRITERS = 2;
/**
 * Reports waiting that open a second transaction beside the first. A second one for every
 * report would only write smaller batches for more work; one for a queue this long lets the
 * database write one batch while the next is built, instead of the two taking turns.
 */
const SECOND_WRITER_BACKLOG = 8;

interface Waiting<T> {
  key: string | null;
  work: (tx: EntityManager) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for reports: reports that arrive while a transaction of them is being written
 * wait and are then written together, in one transaction whose deferred rows (tickets, events,
 * counters, messages) go in as one statement per kind. A quiet office writes each report on its
 * own at once; a busy one writes them dozens at a time, in up to two transactions at once.
 *
 * Each report's work is the same as alone, and must be repeatable: when a batch fails, every
 * report in it is written again on its own, so one bad report gets its own error and the rest
 * are written. Reports with the same key (the place and kind of fault) are never written in two
 * transactions at once, so a report always sees an earlier one it duplicates: in the table, or
 * earlier in its own batch.
 */
@Injectable()
export class ReportBatches {
  private readonly waiting: Waiting<unknown>[] = [];
  private writers = 0;
  /** Keys of the reports being written, with how many of them. */
  private readonly writingKeys = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  /** `key`: what must not be written in two transactions at once (null: nothing). */
  write<T>(key: string | null, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ key, work, resolve, reject } as Waiting<unknown>);
      const idle = this.writers === 0;
      const backlog = this.writers < MAX_WRITERS && this.waiting.length >= SECOND_WRITER_BACKLOG;
      if (idle || backlog) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writers += 1;
    try {
      for (let batch = this.take(); batch.length > 0; batch = this.take()) {
        try {
          await this.writeBatch(batch);
        } finally {
          for (const { key } of batch) {
            if (key === null) continue;
            const left = this.writingKeys.get(key)! - 1;
            if (left === 0) this.writingKeys.delete(key);
            else this.writingKeys.set(key, left);
          }
        }
      }
    } finally {
      this.writers -= 1;
    }
  }

  /** The next batch, in order of arrival, passing over reports whose key another batch is writing. */
  private take(): Waiting<unknown>[] {
    const batch: Waiting<unknown>[] = [];
    const left: Waiting<unknown>[] = [];
    for (const report of this.waiting) {
      if (batch.length < MAX_BATCH && (report.key === null || !this.writingKeys.has(report.key)))
        batch.push(report);
      else left.push(report);
    }
    this.waiting.splice(0, this.waiting.length, ...left);
    for (const { key } of batch) {
      if (key !== null) this.writingKeys.set(key, (this.writingKeys.get(key) ?? 0) + 1);
    }
    return batch;
  }

  private async writeBatch(batch: Waiting<unknown>[]): Promise<void> {
    if (batch.length > 1) {
      let results: unknown[] | undefined;
      try {
        results = await inTransaction(this.dataSource, async (tx) => {
          const done: unknown[] = [];
          for (const report of batch) done.push(await report.work(tx));
          return done;
        });
      } catch {
        // Someone's report failed, and took the others' rows with it: each again on its own.
      }
      if (results !== undefined) {
        batch.forEach((report, i) => report.resolve(results[i]));
        return;
      }
    }
    for (const report of batch) {
      try {
        report.resolve(await inTransaction(this.dataSource, report.work));
      } catch (error) {
        report.reject(error);
      }
    }
  }
}
