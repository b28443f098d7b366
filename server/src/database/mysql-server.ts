import { createConnection, type Connection } from 'mysql2/promise';
import type { DatabaseConfig } from '../config/app-config';

type MysqlConfig = Exclude<DatabaseConfig, { kind: 'sqlite' }>;

/** Runs `work` on a connection to the server itself (no database selected). */
async function onServer(
  database: MysqlConfig,
  work: (connection: Connection, name: string) => Promise<unknown>,
) {
  const connection = await createConnection({
    host: database.host,
    port: database.port,
    user: database.username,
    password: database.password,
  });
  try {
    await work(connection, `\`${database.database.replace(/`/g, '``')}\``);
  } finally {
    await connection.end();
  }
}

/** Creates the database (utf8mb4) when it does not exist yet. */
export function ensureMysqlDatabase(database: MysqlConfig): Promise<void> {
  return onServer(database, (connection, name) =>
    connection.query(
      `CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    ),
  );
}

/** Drops a MySQL/MariaDB database if it exists: for scratch databases of tests and tools only. */
export async function dropMysqlDatabase(database: DatabaseConfig): Promise<void> {
  if (database.kind === 'sqlite') return;
  await onServer(database, (connection, name) => connection.query(`DROP DATABASE IF EXISTS ${name}`));
}
