import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DeliveryOutcome } from '@smart-repair/shared';
import { Brackets, DataSource, In, IsNull } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { newId } from '../../database/ids';
import { inTransaction } from '../../database/transaction';
import { PlatformError } from '../../platforms/token-clients';
import {
  DELIVERY_CHANNELS,
  DeliverySkipped,
  PermanentDeliveryError,
  type DeliveryChannel,
} from './delivery-channel';
import { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { OutboxMessageEntity } from './entities/outbox-message.entity';

/** How long a claim holds before another worker may take the message (a send must finish by then). */
export const CLAIM_MS = 30_000;
/** Attempts before a message is given up as dead (and shown so to admins). */
export const MAX_ATTEMPTS = 10;
const BATCH = 50;
/** Messages one worker sends at once: a platform takes tens of milliseconds to answer each. */
const IN_FLIGHT = 4;

/** 5 s, 10 s, 20 s … at most an hour, with a little jitter so retries do not march in step. */
export function retryDelayMs(attempts: number): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return base + Math.floor(Math.random() * Math.min(1_000, base / 10));
}

export interface RunResult {
  sent: number;
  retried: number;
  skipped: number;
  dead: number;
}

/**
 * Delivers the outbox (R19–R20): each process claims the due rows of a pass with one conditional
 * UPDATE, sends a few at a time, and acknowledges each; a failure is retried with exponential
 * backoff and one bad message never holds up the others; shutdown stops between messages and
 * gives back what it had not begun (R23). Every try is kept as a delivery attempt with its
 * outcome and the platform's error code, for the admins' view.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly holder = `${hostname().slice(0, 60)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly channels: Map<string, DeliveryChannel>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RunResult> | undefined;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DELIVERY_CHANNELS) channels: DeliveryChannel[],
  ) {
    this.channels = new Map(channels.map((channel) => [channel.name, channel]));
  }

  onApplicationBootstrap(): void {
    if (this.config.outboxWorkerEnabled) this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over the due messages; runs in this process never overlap. */
  runOnce(now: Date = new Date()): Promise<RunResult> {
    if (this.running === undefined) {
      this.running = this.pass(now).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch((error: unknown) => this.logger.error(`outbox pass failed: ${String(error)}`))
        .finally(() => {
          if (!this.stopping) this.schedule();
        });
    }, this.config.outboxPollMs);
    this.timer.unref();
  }

  private async pass(now: Date): Promise<RunResult> {
    const result: RunResult = { sent: 0, retried: 0, skipped: 0, dead: 0 };
    const due = await this.dataSource
      .getRepository(OutboxMessageEntity)
      .createQueryBuilder('message')
      .select('message.id', 'id')
      .where(dueCondition(now))
      .orderBy('message.nextAttemptAt', 'ASC')
      .limit(BATCH)
      .getRawMany<{ id: string }>();
    if (due.length === 0 || this.stopping) return result;
    const claimed = await this.claim(
      due.map((row) => row.id),
      now,
    );
    // A few at a time, in the order they fell due; a stop lets those under way finish (R23).
    let next = 0;
    const lane = async () => {
      while (next < claimed.length && !this.stopping) {
        const message = claimed[next]!;
        next += 1;
        result[await this.deliver(message, now)] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, claimed.length) }, lane));
    if (next < claimed.length) await this.release(claimed.slice(next).map((message) => message.id));
    return result;
  }

  /**
   * Takes the due messages among `ids` for this worker with one conditional UPDATE (a row another
   * worker took meanwhile is no longer due, so each goes to one worker) and answers those it got.
   */
  private claim(ids: string[], now: Date): Promise<OutboxMessageEntity[]> {
    const lockedUntil = new Date(now.getTime() + CLAIM_MS);
    return inTransaction(this.dataSource, async (manager) => {
      const taken = await manager
        .createQueryBuilder()
        .update(OutboxMessageEntity)
        .set({ status: 'sending', lockedBy: this.holder, lockedUntil })
        .where('id IN (:...ids)', { ids })
        .andWhere(dueCondition(now))
        .execute();
      if (taken.affected === 0) return [];
      const messages = await manager.find(OutboxMessageEntity, {
        where: { id: In(ids), status: 'sending', lockedBy: this.holder, lockedUntil },
        order: { nextAttemptAt: 'ASC', id: 'ASC' },
      });
      if (messages.length === 0) return [];
      // An attempt still open belonged to a worker that stopped before it could settle it.
      await manager.update(
        DeliveryAttemptEntity,
        { outboxId: In(messages.map((message) => message.id)), finishedAt: IsNull() },
        { finishedAt: now, outcome: 'interrupted' },
      );
      return messages;
    });
  }

  /** Gives back, untried, what a stopping worker had claimed and not begun. */
  private async release(ids: string[]): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(OutboxMessageEntity)
      .set({ status: 'pending', lockedBy: null, lockedUntil: null })
      .where('id IN (:...ids) AND lockedBy = :holder', { ids, holder: this.holder })
      .execute();
  }

  private async deliver(
    message: OutboxMessageEntity,
    now: Date,
  ): Promise<'sent' | 'retried' | 'skipped' | 'dead'> {
    const attempts = message.attempts + 1;
    const attemptId = newId();
    await this.dataSource.getRepository(DeliveryAttemptEntity).insert({
      id: attemptId,
      outboxId: message.id,
      worker: this.holder,
      startedAt: new Date(),
      finishedAt: null,
      outcome: null,
      errorCode: null,
      error: null,
    });
    try {
      const channel = this.channels.get(message.channel);
      if (channel === undefined) throw new PermanentDeliveryError(`no channel ${message.channel}`);
      await channel.deliver(message);
      await this.settle(
        message.id,
        { status: 'sent', attempts, sentAt: new Date(), lastError: null },
        { id: attemptId, outcome: 'sent', error: null },
      );
      return 'sent';
    } catch (error) {
      const text = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
      if (error instanceof DeliverySkipped) {
        await this.settle(
          message.id,
          { status: 'skipped', attempts, lastError: text },
          { id: attemptId, outcome: 'skipped', error },
        );
        return 'skipped';
      }
      const dead = error instanceof PermanentDeliveryError || attempts >= MAX_ATTEMPTS;
      this.logger.warn(`outbox ${message.id} (${message.channel}) attempt ${attempts} failed: ${text}`);
      await this.settle(
        message.id,
        {
          status: dead ? 'dead' : 'pending',
          attempts,
          lastError: text,
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
        },
        { id: attemptId, outcome: dead ? 'failed' : 'retry', error },
      );
      return dead ? 'dead' : 'retried';
    }
  }

  /**
   * Records the outcome, only if the claim is still ours (a slow send may have lost it), and
   * finishes the attempt either way: it did happen.
   */
  private settle(
    id: string,
    set: Pick<Partial<OutboxMessageEntity>, 'status' | 'attempts' | 'sentAt' | 'lastError' | 'nextAttemptAt'>,
    attempt: { id: string; outcome: DeliveryOutcome; error: unknown },
  ): Promise<unknown> {
    const { error } = attempt;
    return inTransaction(this.dataSource, async (manager) => {
      await manager
        .createQueryBuilder()
        .update(OutboxMessageEntity)
        .set({ ...set, lockedBy: null, lockedUntil: null })
        .where('id = :id AND lockedBy = :holder', { id, holder: this.holder })
        .execute();
      await manager.update(
        DeliveryAttemptEntity,
        { id: attempt.id },
        {
          finishedAt: new Date(),
          outcome: attempt.outcome,
          errorCode: codeOf(error),
          error:
            error === null ? null : (error instanceof Error ? error.message : String(error)).slice(0, 500),
        },
      );
    });
  }
}

/** The platform's code carried by a delivery failure, if any. */
function codeOf(error: unknown): string | null {
  if (error instanceof PlatformError) return String(error.code).slice(0, 48);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code).slice(0, 48) : null;
}

/** Due: pending and its time has come, or claimed by a worker whose claim ran out. */
function dueCondition(now: Date): Brackets {
  return new Brackets((or) =>
    or
      .where("(status = 'pending' AND nextAttemptAt <= :now)", { now })
      .orWhere("(status = 'sending' AND lockedUntil <= :now)", { now }),
  );
}
