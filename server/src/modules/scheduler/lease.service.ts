import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual, Or, type QueryBuilder } from 'typeorm';
import { executeAlone } from '../../database/transaction';
import {
  JOB_ERROR_MAX_LENGTH,
  JOB_NAME_MAX_LENGTH,
  JobLeaseEntity,
  LEASE_HOLDER_MAX_LENGTH,
} from './entities/job-lease.entity';

/**
 * Named leases in `job_leases`, shared by every server process on the database. Each change is
 * one statement committed on its own, so it is safe under any number of concurrent callers on
 * SQLite and MySQL/MariaDB.
 */
@Injectable()
export class LeaseService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the lease for `ttlMs` from `now` when nobody holds it, or when the last lease has run
   * out (an expired lease of this same holder counts as free too). True for exactly one of any
   * number of concurrent callers.
   */
  async tryAcquire(name: string, holder: string, ttlMs: number, now: Date = new Date()): Promise<boolean> {
    checkName(name);
    checkHolder(holder);
    if (!Number.isInteger(ttlMs) || ttlMs < 1)
      throw new Error(`Lease time must be a positive whole number of ms`);
    await this.ensureRow(name);
    const affected = await this.execute(
      this.dataSource
        .createQueryBuilder()
        .update(JobLeaseEntity)
        .set({ holder, leaseUntil: new Date(now.getTime() + ttlMs) })
        .where({ name, leaseUntil: Or(IsNull(), LessThanOrEqual(now)) }),
    );
    return affected === 1;
  }

  /** Moves the end of a lease still held by `holder` to `until`; false when it was lost. */
  async extend(name: string, holder: string, until: Date): Promise<boolean> {
    const affected = await this.execute(
      this.dataSource
        .createQueryBuilder()
        .update(JobLeaseEntity)
        .set({ leaseUntil: until })
        .where({ name, holder }),
    );
    return affected === 1;
  }

  /** Gives the lease up at once; only its holder can. True when it was held by `holder`. */
  async release(name: string, holder: string): Promise<boolean> {
    const affected = await this.execute(
      this.dataSource
        .createQueryBuilder()
        .update(JobLeaseEntity)
        .set({ holder: null, leaseUntil: null })
        .where({ name, holder }),
    );
    return affected === 1;
  }

  async markStarted(name: string, at: Date): Promise<void> {
    await this.execute(
      this.dataSource
        .createQueryBuilder()
        .update(JobLeaseEntity)
        .set({ lastStartedAt: at, runs: () => `${this.dataSource.driver.escape('runs')} + 1` })
        .where({ name }),
    );
  }

  /** `error` is null after a successful run; a longer text is cut to what the column holds. */
  async markFinished(name: string, at: Date, error: string | null): Promise<void> {
    await this.execute(
      this.dataSource
        .createQueryBuilder()
        .update(JobLeaseEntity)
        .set({ lastFinishedAt: at, lastError: error === null ? null : truncate(error, JOB_ERROR_MAX_LENGTH) })
        .where({ name }),
    );
  }

  find(name: string): Promise<JobLeaseEntity | null> {
    return this.dataSource.getRepository(JobLeaseEntity).findOneBy({ name });
  }

  list(): Promise<JobLeaseEntity[]> {
    return this.dataSource.getRepository(JobLeaseEntity).find({ order: { name: 'ASC' } });
  }

  /** Creates the row unless it exists; a concurrent insert of the same name is not an error. */
  private async ensureRow(name: string): Promise<void> {
    await this.execute(
      this.dataSource
        .createQueryBuilder()
        .insert()
        .into(JobLeaseEntity)
        .values({ name, holder: null, leaseUntil: null, runs: 0 })
        .orIgnore()
        .updateEntity(false),
    );
  }

  private execute(query: QueryBuilder<JobLeaseEntity>): Promise<number> {
    return executeAlone(this.dataSource, query);
  }
}

function checkName(name: string): void {
  if (name.length < 1 || name.length > JOB_NAME_MAX_LENGTH)
    throw new Error(`A lease name has 1 to ${JOB_NAME_MAX_LENGTH} characters: "${name}"`);
}

function checkHolder(holder: string): void {
  if (holder.length < 1 || holder.length > LEASE_HOLDER_MAX_LENGTH)
    throw new Error(`A lease holder has 1 to ${LEASE_HOLDER_MAX_LENGTH} characters: "${holder}"`);
}

/** Cuts by code points, so a multi-unit character is never split. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
