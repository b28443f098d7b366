import { QueryFailedError, type EntityManager } from 'typeorm';

interface PreparingConnection {
  execute(sql: string, values: unknown[], done: (error: Error | null, result?: unknown) => void): void;
}

/**
 * Runs a statement with `?` placeholders, on MySQL/MariaDB as a prepared one on the caller's
 * connection (inside its transaction, if any). The driver keeps it prepared per connection by its
 * text, so the server parses a statement once rather than on every run, and the values go over in
 * binary instead of being escaped into the text: for a batch of new rows, with hundreds of values,
 * that is much of its cost on both sides. SQLite runs it as an ordinary query.
 */
export async function runPrepared<T>(manager: EntityManager, sql: string, values: unknown[]): Promise<T> {
  if (manager.connection.options.type === 'better-sqlite3') return (await manager.query(sql, values)) as T;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const connection = (await runner.connect()) as PreparingConnection;
    return await new Promise<T>((resolve, reject) =>
      connection.execute(sql, values, (error, result) =>
        error ? reject(new QueryFailedError(sql, values, error)) : resolve(result as T),
      ),
    );
  } finally {
    if (manager.queryRunner === undefined) await runner.release();
  }
}
