import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '../../database/transaction';

/** Reports written together at most; more wait for the next transaction. */
const MAX_BATCH = 32;

interface Waiting<T> {
  work: (tx: EntityManager) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for reports: reports that arrive while one transaction of them is being written
 * wait and are then written together, in one transaction whose deferred rows (tickets, events,
 * counters, messages) go in as one statement per kind. A quiet office writes each report on its
 * own at once; a busy one writes them dozens at a time. Each report's work is the same as alone;
 * when a batch fails, every report in it is written again on its own, so one bad report gets its
 * own error and the rest are written.
 */
@Injectable()
export class ReportBatches {
  private readonly waiting: Waiting<unknown>[] = [];
  private writing = false;

  constructor(private readonly dataSource: DataSource) {}

  write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve, reject } as Waiting<unknown>);
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) await this.writeBatch(this.waiting.splice(0, MAX_BATCH));
    } finally {
      this.writing = false;
    }
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
