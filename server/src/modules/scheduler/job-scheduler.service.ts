import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { JOB_NAME_MAX_LENGTH, type JobLeaseEntity } from './entities/job-lease.entity';
import { LeaseService } from './lease.service';
import type { ScheduledJobView } from './dto/scheduler.dto';

/** Work that runs at most once per period across every server process on the database. */
export interface ScheduledJob {
  /** Names the lease row: unique, 1 to 64 characters, e.g. `tickets.sla-check`. */
  name: string;
  /** The period: one run per period at most, whichever process takes the lease. */
  everyMs: number;
  /**
   * One run as of `now`. `stopping` aborts when the process shuts down: a job that works in
   * batches checks it between batches and returns, leaving the rest for the next run (R23).
   */
  run: (now: Date, stopping: AbortSignal) => Promise<void>;
}

export type RunOutcome = 'ran' | 'skipped' | 'failed';

interface JobState {
  job: ScheduledJob;
  timer?: NodeJS.Timeout;
  running?: Promise<RunOutcome>;
}

/** The longest random wait added before a tick, so many processes do not all ask at once. */
const MAX_JITTER_MS = 1000;

/**
 * Runs registered jobs on timers (when `schedulerEnabled`), each behind a lease row so that two
 * or twenty API processes run a job once per period. Other modules call `register` in their
 * `onModuleInit`; timers start once the application has started and stop at shutdown, which
 * waits for the runs in progress.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Identifies this process in lease rows: `host:pid:random`. */
  readonly holder = `${hostname().slice(0, 80)}:${process.pid}:${randomBytes(4).toString('hex')}`;

  private readonly logger = new Logger(JobScheduler.name);
  private readonly jobs = new Map<string, JobState>();
  private readonly stopping = new AbortController();
  private timersOn = false;

  constructor(
    private readonly leases: LeaseService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(job: ScheduledJob): void {
    if (job.name.length < 1 || job.name.length > JOB_NAME_MAX_LENGTH)
      throw new Error(`A scheduled job's name has 1 to ${JOB_NAME_MAX_LENGTH} characters: "${job.name}"`);
    if (!Number.isInteger(job.everyMs) || job.everyMs < 1)
      throw new Error(`Scheduled job "${job.name}" needs everyMs as a positive whole number`);
    if (this.jobs.has(job.name)) throw new Error(`Scheduled job "${job.name}" is registered twice`);
    const state: JobState = { job };
    this.jobs.set(job.name, state);
    if (this.timersOn) this.schedule(state, jitter(job.everyMs));
  }

  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled || this.stopping.signal.aborted) return;
    this.timersOn = true;
    // A first look soon after start: the lease row, not the timer, says whether a run is due.
    for (const state of this.jobs.values()) this.schedule(state, jitter(state.job.everyMs));
  }

  /** Stops the timers, tells running jobs to stop between batches, and waits for them (R23). */
  async beforeApplicationShutdown(): Promise<void> {
    this.timersOn = false;
    this.stopping.abort();
    const running: Promise<RunOutcome>[] = [];
    for (const state of this.jobs.values()) {
      this.clearTimer(state);
      if (state.running !== undefined) running.push(state.running);
    }
    await Promise.allSettled(running);
  }

  /**
   * One attempt as of `now`: 'skipped' when another process holds the lease for this period,
   * when this process is already running the job, or during shutdown. A failure is logged and
   * recorded on the lease row, never thrown. The lease is kept after the run, so the job does not
   * run again anywhere before `now + everyMs`.
   */
  async runOnce(name: string, now: Date = new Date()): Promise<RunOutcome> {
    const state = this.jobs.get(name);
    if (state === undefined) throw new Error(`No scheduled job is registered as "${name}"`);
    if (this.stopping.signal.aborted || state.running !== undefined) return 'skipped';
    // Set before the first await, so a second call in this process sees the run at once.
    const running = this.attempt(state.job, now);
    state.running = running;
    try {
      return await running;
    } finally {
      state.running = undefined;
    }
  }

  /** The jobs this process knows or the database remembers, with their last runs. */
  async list(now: Date = new Date()): Promise<ScheduledJobView[]> {
    const rows = new Map((await this.leases.list()).map((row) => [row.name, row]));
    const names = [...new Set([...this.jobs.keys(), ...rows.keys()])].sort();
    return names.map((name) => toView(name, this.jobs.get(name)?.job.everyMs ?? null, rows.get(name), now));
  }

  private async attempt(job: ScheduledJob, now: Date): Promise<RunOutcome> {
    try {
      if (!(await this.leases.tryAcquire(job.name, this.holder, job.everyMs, now))) return 'skipped';
    } catch (error) {
      this.logger.error(
        `Scheduled job ${job.name}: could not take its lease: ${describe(error)}`,
        stackOf(error),
      );
      return 'failed';
    }
    // Times written during the run follow `now`, so a run "as of" another instant stays consistent.
    const startedAt = Date.now();
    const clock = () => new Date(now.getTime() + Date.now() - startedAt);
    const renewal = this.keepLease(job, clock);
    let failure: unknown = null;
    try {
      await this.leases.markStarted(job.name, now);
      await job.run(now, this.stopping.signal);
    } catch (error) {
      failure = error ?? new Error('rejected without a reason');
    } finally {
      await renewal.stop();
    }
    if (failure !== null)
      this.logger.error(`Scheduled job ${job.name} failed: ${describe(failure)}`, stackOf(failure));
    try {
      await this.leases.markFinished(job.name, clock(), failure === null ? null : describe(failure));
    } catch (error) {
      this.logger.error(
        `Scheduled job ${job.name}: could not record its run: ${describe(error)}`,
        stackOf(error),
      );
      return 'failed';
    }
    return failure === null ? 'ran' : 'failed';
  }

  /** A run longer than its period pushes the lease on, so no other process starts the job meanwhile. */
  private keepLease(job: ScheduledJob, clock: () => Date): { stop: () => Promise<void> } {
    let pending: Promise<void> = Promise.resolve();
    const timer = setInterval(
      () => {
        pending = pending.then(async () => {
          try {
            const until = new Date(clock().getTime() + job.everyMs);
            if (!(await this.leases.extend(job.name, this.holder, until)))
              this.logger.warn(`Scheduled job ${job.name} lost its lease while running`);
          } catch (error) {
            this.logger.error(`Scheduled job ${job.name}: could not extend its lease: ${describe(error)}`);
          }
        });
      },
      Math.max(1, Math.floor(job.everyMs / 2)),
    );
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await pending;
      },
    };
  }

  private schedule(state: JobState, delayMs: number): void {
    this.clearTimer(state);
    state.timer = setTimeout(() => void this.tick(state), delayMs);
    // Timers never keep the process alive on their own; the HTTP server does.
    state.timer.unref();
    // Listed in Nest's registry, so the application's timers can be inspected in one place.
    this.registry.addTimeout(timerName(state.job), state.timer);
  }

  private clearTimer(state: JobState): void {
    if (state.timer === undefined) return;
    clearTimeout(state.timer);
    if (this.registry.doesExist('timeout', timerName(state.job)))
      this.registry.deleteTimeout(timerName(state.job));
    state.timer = undefined;
  }

  private async tick(state: JobState): Promise<void> {
    this.clearTimer(state);
    if (!this.timersOn) return;
    let delayMs = state.job.everyMs;
    try {
      // A run started by hand is still going: look again a period later.
      const busyHere = state.running !== undefined;
      await this.runOnce(state.job.name);
      if (!busyHere) delayMs = await this.untilLeaseEnds(state.job);
    } catch (error) {
      this.logger.error(`Scheduled job ${state.job.name}: tick failed: ${describe(error)}`, stackOf(error));
    }
    if (this.timersOn) this.schedule(state, delayMs + jitter(state.job.everyMs));
  }

  /** Next look when the current lease runs out, wherever it was taken; at most one period away. */
  private async untilLeaseEnds(job: ScheduledJob): Promise<number> {
    const leaseUntil = (await this.leases.find(job.name))?.leaseUntil ?? null;
    if (leaseUntil === null) return 0;
    return Math.min(job.everyMs, Math.max(0, leaseUntil.getTime() - Date.now()));
  }
}

function timerName(job: ScheduledJob): string {
  return `job:${job.name}`;
}

function jitter(everyMs: number): number {
  return Math.floor(Math.random() * Math.min(MAX_JITTER_MS, Math.ceil(everyMs / 10)));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}

function toView(
  name: string,
  everyMs: number | null,
  row: JobLeaseEntity | undefined,
  now: Date,
): ScheduledJobView {
  const started = row?.lastStartedAt ?? null;
  const finished = row?.lastFinishedAt ?? null;
  const leaseUntil = row?.leaseUntil ?? null;
  return {
    name,
    everyMs,
    leaseUntil: leaseUntil?.toISOString() ?? null,
    lastStartedAt: started?.toISOString() ?? null,
    lastFinishedAt: finished?.toISOString() ?? null,
    // A run whose lease ran out without a finish belonged to a process that died.
    running:
      started !== null &&
      (finished === null || finished < started) &&
      leaseUntil !== null &&
      leaseUntil.getTime() > now.getTime(),
    lastRunFailed: finished !== null && (row?.lastError ?? null) !== null,
    runs: row?.runs ?? 0,
  };
}
