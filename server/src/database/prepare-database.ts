import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { createDataSource } from './data-source';
import { ensureMysqlDatabase } from './mysql-server';

/** Held while migrating, so several servers starting at once apply each migration once. */
const MIGRATION_LOCK = 'smart_repair_migrations';

/**
 * Connects and brings the schema up to date. On MySQL/MariaDB the database is created (utf8mb4)
 * when it does not exist yet, so a new deployment needs only a URL and a user allowed to create it.
 */
export async function openDatabase(database: DatabaseConfig): Promise<DataSource> {
  if (database.kind !== 'sqlite') await ensureMysqlDatabase(database);
  const dataSource = createDataSource(database);
  await dataSource.initialize();
  try {
    await migrate(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

export async function migrate(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type === 'better-sqlite3') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const [{ locked }] = (await runner.query('SELECT GET_LOCK(?, 120) AS locked', [MIGRATION_LOCK])) as {
      locked: number;
    }[];
    if (Number(locked) !== 1) throw new Error('Timed out waiting for another server to finish migrating');
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
