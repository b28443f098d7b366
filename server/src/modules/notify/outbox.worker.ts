import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { inTransaction } from '../../database/transaction';
import { DELIVERY_CHANNELS, PermanentDeliveryError, type DeliveryChannel } from './delivery-channel';
import { OutboxMessageEntity } from './entities/outbox-message.entity';

/** How long a claim holds before another worker may take the message (a send must finish by then). */
export const CLAIM_MS = 30_000;
/** Attempts before a message is given up as dead (and shown so to admins). */
export const MAX_ATTEMPTS = 10;
const BATCH = 50;

/** 5 s, 10 s, 20 s … at most an hour, with a little jitter so retries do not march in step. */
export function retryDelayMs(attempts: number): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return base + Math.floor(Math.random() * Math.min(1_000, base / 10));
}

export interface RunResult {
  sent: number;
  retried: number;
  dead: number;
}

/**
 * Delivers the outbox (R19–R20): each process claims due rows one at a time with a conditional
 * UPDATE, sends, and acknowledges; a failure is retried with exponential backoff and one bad
 * message never holds up the others; shutdown stops between messages (R23).
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
    const result: RunResult = { sent: 0, retried: 0, dead: 0 };
    const due = await this.dataSource
      .getRepository(OutboxMessageEntity)
      .createQueryBuilder('message')
      .select('message.id', 'id')
      .where(dueCondition(now))
      .orderBy('message.nextAttemptAt', 'ASC')
      .limit(BATCH)
      .getRawMany<{ id: string }>();
    for (const { id } of due) {
      if (this.stopping) break;
      const message = await this.claim(id, now);
      if (message === null) continue; // another worker has it
      const outcome = await this.deliver(message, now);
      result[outcome] += 1;
    }
    return result;
  }

  private claim(id: string, now: Date): Promise<OutboxMessageEntity | null> {
    return inTransaction(this.dataSource, async (manager) => {
      const claimed = await manager
        .createQueryBuilder()
        .update(OutboxMessageEntity)
        .set({ status: 'sending', lockedBy: this.holder, lockedUntil: new Date(now.getTime() + CLAIM_MS) })
        .where('id = :id', { id })
        .andWhere(dueCondition(now))
        .execute();
      return claimed.affected === 1 ? manager.findOneBy(OutboxMessageEntity, { id }) : null;
    });
  }

  private async deliver(message: OutboxMessageEntity, now: Date): Promise<'sent' | 'retried' | 'dead'> {
    const attempts = message.attempts + 1;
    try {
      const channel = this.channels.get(message.channel);
      if (channel === undefined) throw new PermanentDeliveryError(`no channel ${message.channel}`);
      await channel.deliver(message);
      await this.settle(message.id, { status: 'sent', attempts, sentAt: new Date(), lastError: null });
      return 'sent';
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const dead = error instanceof PermanentDeliveryError || attempts >= MAX_ATTEMPTS;
      this.logger.warn(`outbox ${message.id} (${message.channel}) attempt ${attempts} failed: ${text}`);
      await this.settle(message.id, {
        status: dead ? 'dead' : 'pending',
        attempts,
        lastError: text.slice(0, 500),
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
      });
      return dead ? 'dead' : 'retried';
    }
  }

  /** Records the outcome, only if the claim is still ours (a slow send may have lost it). */
  private settle(
    id: string,
    set: Pick<Partial<OutboxMessageEntity>, 'status' | 'attempts' | 'sentAt' | 'lastError' | 'nextAttemptAt'>,
  ): Promise<unknown> {
    return inTransaction(this.dataSource, (manager: EntityManager) =>
      manager
        .createQueryBuilder()
        .update(OutboxMessageEntity)
        .set({ ...set, lockedBy: null, lockedUntil: null })
        .where('id = :id AND lockedBy = :holder', { id, holder: this.holder })
        .execute(),
    );
  }
}

/** Due: pending and its time has come, or claimed by a worker whose claim ran out. */
function dueCondition(now: Date): Brackets {
  return new Brackets((or) =>
    or
      .where("(status = 'pending' AND nextAttemptAt <= :now)", { now })
      .orWhere("(status = 'sending' AND lockedUntil <= :now)", { now }),
  );
}
