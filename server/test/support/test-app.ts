import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FakePlatforms } from '@smart-repair/fake-platforms';
import pino, { type Logger } from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { requestIdMixin } from '../../src/common/logging/logger';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { testDatabaseUrl } from '../../src/config/test-database';
import { dropMysqlDatabase } from '../../src/database/mysql-server';

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  config: AppConfig;
  /** The DATABASE_URL it runs on. */
  databaseUrl: string;
  /** supertest bound to the running server (real HTTP on a loopback port). */
  http: () => ReturnType<typeof request>;
  /** The fake platforms the app runs itself in demo mode (FAKE_PLATFORMS), else null. */
  fakePlatforms: FakePlatforms | null;
  /** Every JSON log line the app wrote. */
  logs: Record<string, unknown>[];
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** Run as a further server process on this app's database, which its own close() keeps. */
  shareDatabaseWith?: TestApp;
}

/**
 * Boots the real app on a database of its own: a temporary SQLite file, or a fresh database on
 * the MySQL/MariaDB server named by TEST_DATABASE_URL. Each test file gets a clean schema.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'smart-repair-test-'));
  const mysqlBase = testDatabaseUrl();
  const shared = options.shareDatabaseWith;
  const databaseUrl =
    shared !== undefined
      ? shared.databaseUrl
      : mysqlBase === undefined
        ? `sqlite:${join(dir, 'test.sqlite')}`
        : mysqlBase.replace(/\/[^/?]*(\?|$)/, `/sr_test_${randomBytes(4).toString('hex')}$1`);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    DEMO_DATA: 'false',
    LOG_LEVEL: 'info',
    // Suites log in dozens of people from one address; the limiter has its own test.
    LOGIN_ATTEMPTS_PER_MINUTE: '10000',
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = pino(
    { level: 'info', mixin: requestIdMixin },
    { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const { app, dataSource, fakePlatforms } = await createApp(config, logger);
  // A fixed PORT when the test needs its own address beforehand (PUBLIC_BASE_URL for callbacks).
  await app.listen({ port: Number(env.PORT ?? 0), host: '127.0.0.1' });
  const server = app.getHttpServer();
  return {
    app,
    dataSource,
    config,
    fakePlatforms,
    databaseUrl: env.DATABASE_URL ?? databaseUrl,
    logs,
    http: () => request(server),
    close: async () => {
      await app.close();
      if (shared === undefined) await dropMysqlDatabase(config.database);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
