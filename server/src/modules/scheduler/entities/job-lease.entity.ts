import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Longest job name a lease row can hold. */
export const JOB_NAME_MAX_LENGTH = 64;
/** Longest holder id (`host:pid:random`). */
export const LEASE_HOLDER_MAX_LENGTH = 100;
/** Longest error text kept from a failed run. */
export const JOB_ERROR_MAX_LENGTH = 500;

/**
 * One row per scheduled job, shared by every server process: whoever moves `leaseUntil` forward
 * with one conditional UPDATE runs the job for that period. Not tenant data: jobs span tenants.
 */
@Entity('job_leases')
export class JobLeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: JOB_NAME_MAX_LENGTH })
  name!: string;

  /** The process that took the lease last (`host:pid:random`). */
  @Column({ type: 'varchar', length: LEASE_HOLDER_MAX_LENGTH, nullable: true })
  holder!: string | null;

  /** Nobody else may take the lease before this instant (UTC, ms). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastStartedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastFinishedAt!: Date | null;

  /** Null when the last finished run succeeded. */
  @Column({ type: 'varchar', length: JOB_ERROR_MAX_LENGTH, nullable: true })
  lastError!: string | null;

  /** How many runs were started, by any process. */
  @Column({ type: 'int', default: 0 })
  runs!: number;
}
