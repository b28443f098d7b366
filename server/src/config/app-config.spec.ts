import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const SECRET = 's'.repeat(40);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'config-spec-'));

  it('gives a newcomer SQLite under data/, demo data and a generated secret kept for restarts', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'sqlite', file: join(dataDir, 'smart-repair.sqlite') });
    expect(config.demoData).toBe(true);
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(48);
    expect(readFileSync(join(dataDir, '.jwt-secret'), 'utf8')).toBe(config.auth.jwtSecret);
    expect(loadConfig({ DATA_DIR: dataDir }).auth.jwtSecret).toBe(config.auth.jwtSecret);
  });

  it('keeps uploads under the data folder unless UPLOAD_DIR names another', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).uploadDir).toBe(join(dataDir, 'uploads'));
    const elsewhere = join(dataDir, 'elsewhere');
    expect(loadConfig({ DATA_DIR: dataDir, UPLOAD_DIR: elsewhere }).uploadDir).toBe(elsewhere);
    expect(loadConfig({ DATA_DIR: dataDir, UPLOAD_DIR: 'media/uploads' }).uploadDir).toBe(
      resolve(__dirname, '..', '..', '..', 'media', 'uploads'),
    );
  });

  it('reads MySQL and MariaDB URLs', () => {
    expect(
      loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'mariadb://app:p%40ss@db.internal:3307/repair' })
        .database,
    ).toEqual({
      kind: 'mariadb',
      host: 'db.internal',
      port: 3307,
      username: 'app',
      password: 'p@ss',
      database: 'repair',
    });
    expect(
      loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'mysql://root@127.0.0.1/x' }).database,
    ).toMatchObject({ kind: 'mysql', port: 3306 });
  });

  it('refuses to start production without its secrets, and never loads demo data there (R24)', () => {
    expect(problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir })).toEqual([
      'JWT_SECRET: required in production (at least 32 random characters)',
    ]);
    expect(
      problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir, JWT_SECRET: SECRET, DEMO_DATA: 'true' }),
    ).toEqual(['DEMO_DATA: demo data is never loaded in production']);
    const production = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, JWT_SECRET: SECRET });
    expect(production.demoData).toBe(false);
  });

  it('reports every bad value at once, naming the variable', () => {
    const problems = problemsOf({
      DATA_DIR: dataDir,
      PORT: 'eighty',
      JWT_SECRET: 'short',
      DATABASE_URL: 'postgres://x@y/z',
      LOG_LEVEL: 'loud',
      TRUST_PROXY: 'maybe',
    });
    expect(problems).toEqual([
      'DATABASE_URL: unsupported database "postgres"; use sqlite:, mysql:// or mariadb://',
      'JWT_SECRET: must be at least 32 characters',
      'PORT: "eighty" is not a whole number from 0 to 65535',
      'LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent',
      'TRUST_PROXY: "maybe" is not true or false',
    ]);
  });

  it('runs scheduled jobs on timers except in tests, which drive them by hand unless told', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).schedulerEnabled).toBe(true);
    expect(
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, JWT_SECRET: SECRET }).schedulerEnabled,
    ).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }).schedulerEnabled).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, SCHEDULER_ENABLED: 'true' }).schedulerEnabled,
    ).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir, SCHEDULER_ENABLED: 'off' }).schedulerEnabled).toBe(false);
    expect(problemsOf({ DATA_DIR: dataDir, SCHEDULER_ENABLED: 'sometimes' })).toEqual([
      'SCHEDULER_ENABLED: "sometimes" is not true or false',
    ]);
  });

  it('wants a database name in a MySQL URL', () => {
    expect(problemsOf({ DATA_DIR: dataDir, DATABASE_URL: 'mariadb://root@127.0.0.1:3306' })).toHaveLength(1);
  });
});
