import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, IsNull, LessThanOrEqual, Or, type QueryBuilder } from 'typeorm';
import { executeAlone } from '../database/transaction';
import { PLATFORM_TOKEN_MAX_LENGTH, PlatformTokenEntity } from './platform-token.entity';
import {
  PLATFORM_TIMEOUT_MS,
  PlatformError,
  fetchPlatformToken,
  isTokenInvalidError,
  type PlatformApp,
} from './token-clients';

/** A token is replaced once it has less than this left, so no request carries one that dies mid-way. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** The refresh lease outlives one token request, so a slow platform does not start a second fetch. */
const REFRESH_LEASE_MS = 2 * PLATFORM_TIMEOUT_MS;
/** How often a process that waits for another's refresh looks at the row again. */
const WAIT_POLL_MS = 50;
/** The longest a caller waits for another process's refresh before giving up (retryable). */
const MAX_WAIT_MS = REFRESH_LEASE_MS + 1000;
/** Stored expiry of a token that was never fetched or was refused. */
const INVALID = new Date(0);

/**
 * Access tokens of platform apps, cached in `platform_tokens` so every server process shares one
 * token per app. A token is refreshed when it has under five minutes left; concurrent callers in
 * a process share one request, and across processes the one that takes the row's refresh lease
 * fetches while the others wait for the row. Secrets and tokens are never logged.
 */
@Injectable()
export class PlatformTokensService {
  private readonly logger = new Logger(PlatformTokensService.name);
  /** One refresh per app at a time in this process; every caller that needs it awaits the same one. */
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(private readonly dataSource: DataSource) {}

  /** A token the platform accepts for at least five more minutes. Throws PlatformError. */
  async get(app: PlatformApp): Promise<string> {
    const running = this.refreshing.get(keyOf(app));
    if (running !== undefined) return running;
    const row = await this.find(app);
    if (row !== null && isFresh(row, new Date())) return row.token;
    return this.refreshOnce(app);
  }

  /**
   * Runs `fn` with the app's token. When the platform answers that the token is invalid or expired,
   * drops it (unless another caller already replaced it), fetches a new one and runs `fn` once more.
   */
  async call<T>(app: PlatformApp, fn: (token: string) => Promise<T>): Promise<T> {
    const token = await this.get(app);
    try {
      return await fn(token);
    } catch (error) {
      if (!isTokenInvalidError(error, app.platform)) throw error;
      this.logger.warn(
        `The ${app.platform} app ${app.appId} refused its token (${error.code}); fetching another`,
      );
      await this.invalidate(app, token);
      return fn(await this.get(app));
    }
  }

  private refreshOnce(app: PlatformApp): Promise<string> {
    const key = keyOf(app);
    const running = this.refreshing.get(key);
    if (running !== undefined) return running;
    const refresh = this.refresh(app).finally(() => this.refreshing.delete(key));
    this.refreshing.set(key, refresh);
    return refresh;
  }

  /** Takes the lease and fetches, or waits for the process that holds it (bounded). */
  private async refresh(app: PlatformApp): Promise<string> {
    await this.ensureRow(app);
    const giveUpAt = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const now = new Date();
      const leaseUntil = new Date(now.getTime() + REFRESH_LEASE_MS);
      if (await this.takeLease(app, now, leaseUntil)) return this.fetchAndStore(app, leaseUntil);
      const row = await this.find(app);
      if (row !== null && isFresh(row, new Date())) return row.token;
      if (Date.now() >= giveUpAt)
        throw new PlatformError(
          app.platform,
          'token_refresh_busy',
          'another process is still fetching the token',
          true,
        );
      await sleep(WAIT_POLL_MS);
    }
  }

  private async fetchAndStore(app: PlatformApp, leaseUntil: Date): Promise<string> {
    try {
      const fetched = await fetchPlatformToken(app);
      if (fetched.token.length > PLATFORM_TOKEN_MAX_LENGTH)
        throw new PlatformError(app.platform, 'bad_response', 'the token is longer than documented', false);
      const expiresAt = new Date(Date.now() + fetched.expiresInSeconds * 1000);
      await this.write(app, { token: fetched.token, expiresAt, refreshingUntil: null });
      this.logger.log(`Fetched a new ${app.platform} token for app ${app.appId}`);
      return fetched.token;
    } catch (error) {
      // Let the next caller try at once instead of waiting out the lease.
      await this.write(app, { refreshingUntil: null }, { refreshingUntil: leaseUntil }).catch(() => 0);
      const code = error instanceof PlatformError ? error.code : 'unexpected';
      this.logger.warn(`Could not fetch a ${app.platform} token for app ${app.appId} (${code})`);
      throw error;
    }
  }

  /**
   * One conditional UPDATE: the lease is taken only when nobody holds it and the row still needs
   * a new token. True for exactly one of any number of concurrent callers on every process.
   */
  private async takeLease(app: PlatformApp, now: Date, leaseUntil: Date): Promise<boolean> {
    const affected = await this.write(
      app,
      { refreshingUntil: leaseUntil },
      {
        refreshingUntil: Or(IsNull(), LessThanOrEqual(now)),
        expiresAt: LessThanOrEqual(new Date(now.getTime() + TOKEN_REFRESH_MARGIN_MS)),
      },
    );
    return affected === 1;
  }

  /** Marks the token refused; a token another caller has put in its place stays. */
  private async invalidate(app: PlatformApp, token: string): Promise<void> {
    await this.write(app, { expiresAt: INVALID }, { token });
  }

  /** Creates the row unless it exists; a concurrent insert of the same app is not an error. */
  private async ensureRow(app: PlatformApp): Promise<void> {
    await this.execute(
      this.dataSource
        .createQueryBuilder()
        .insert()
        .into(PlatformTokenEntity)
        .values({
          platform: app.platform,
          appId: app.appId,
          token: '',
          expiresAt: INVALID,
          refreshingUntil: null,
        })
        .orIgnore()
        .updateEntity(false),
    );
  }

  /** One UPDATE of the app's row, committed on its own; answers how many rows changed. */
  private write(
    app: PlatformApp,
    set: Partial<Pick<PlatformTokenEntity, 'token' | 'expiresAt' | 'refreshingUntil'>>,
    where: Record<string, unknown> = {},
  ): Promise<number> {
    return this.execute(
      this.dataSource
        .createQueryBuilder()
        .update(PlatformTokenEntity)
        .set(set)
        .where({ ...where, platform: app.platform, appId: app.appId }),
    );
  }

  private execute(query: QueryBuilder<PlatformTokenEntity>): Promise<number> {
    return executeAlone(this.dataSource, query);
  }

  private find(app: PlatformApp): Promise<PlatformTokenEntity | null> {
    return this.dataSource
      .getRepository(PlatformTokenEntity)
      .findOneBy({ platform: app.platform, appId: app.appId });
  }
}

function keyOf(app: PlatformApp): string {
  return `${app.platform}:${app.appId}`;
}

function isFresh(row: PlatformTokenEntity, now: Date): boolean {
  return row.token !== '' && row.expiresAt.getTime() - now.getTime() > TOKEN_REFRESH_MARGIN_MS;
}
