import { createConnection } from 'mysql2/promise';
import type { DatabaseConfig } from '../config/app-config';

/** Drops a MySQL/MariaDB database if it exists: for scratch databases of tests and tools only. */
export async function dropMysqlDatabase(database: DatabaseConfig): Promise<void> {
  if (database.kind === 'sqlite') return;
  const connection = await createConnection({
    host: database.host,
    port: database.port,
    user: database.username,
    password: database.password,
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database.database.replace(/`/g, '``')}\``);
  } finally {
    await connection.end();
  }
}
