import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MYSQL_MIGRATIONS } from './migrations/mysql';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

/** Which folder of migrations a database uses: SQL differs, the entities do not. */
export type Dialect = 'sqlite' | 'mysql';

export function dialectOf(database: DatabaseConfig): Dialect {
  return database.kind === 'sqlite' ? 'sqlite' : 'mysql';
}

export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = { entities: ENTITIES, synchronize: false, migrationsRun: false, logging: false } as const;
  if (database.kind === 'sqlite') {
    if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: database.file,
      migrations: SQLITE_MIGRATIONS,
      // WAL lets readers go on while one writer commits; wait rather than fail when busy.
      enableWAL: true,
      timeout: 10_000,
    };
  }
  return {
    ...common,
    // 'mariadb' avoids phantom diffs on nullable columns; MySQL 8 proper needs 'mysql'.
    type: database.kind,
    host: database.host,
    port: database.port,
    username: database.username,
    password: database.password,
    database: database.database,
    migrations: MYSQL_MIGRATIONS,
    charset: 'utf8mb4_unicode_ci',
    // Times are stored and read as UTC whatever the server's zone.
    timezone: 'Z',
    // No stack captured for every query (mysql2's `trace`): a failed query still names its SQL.
    // Each connection keeps its 128 most recent prepared statements (runPrepared), so twenty
    // connections hold at most 2,560: several processes stay under MariaDB's default limit of 16,382.
    extra: { connectionLimit: 20, trace: false, maxPreparedStatements: 128 },
  };
}

export function createDataSource(database: DatabaseConfig): DataSource {
  return new DataSource(dataSourceOptions(database));
}
