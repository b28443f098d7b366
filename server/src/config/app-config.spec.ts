import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const SECRET = 's'.repeat(40);
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: SECRET, PLATFORM_SECRETS_KEY: 'k'.repeat(40) };

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
      'PLATFORM_SECRETS_KEY: required in production (at least 32 random characters)',
    ]);
    expect(problemsOf({ ...PRODUCTION, DEMO_DATA: 'true', FAKE_PLATFORMS: 'true' })).toEqual([
      'DEMO_DATA: demo data is never loaded in production',
      'FAKE_PLATFORMS: the fake platforms never run in production',
    ]);
    const production = loadConfig(PRODUCTION);
    expect(production.demoData).toBe(false);
    expect(production.platforms.fake).toBe(false);
    expect(production.platforms.baseUrls.wechat).toBe('https://api.weixin.qq.com');
  });

  it('reads each platform base URL, and runs the fakes with demo data outside production', () => {
    const config = loadConfig({ DATA_DIR: dataDir, WECOM_API_BASE: 'http://127.0.0.1:9000/wecom/' });
    expect(config.platforms.baseUrls.wecom).toBe('http://127.0.0.1:9000/wecom');
    expect(config.platforms.fake).toBe(true);
    expect(config.platforms.secretsKey.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dataDir, DEMO_DATA: 'false' }).platforms.fake).toBe(false);
    expect(
      problemsOf({ DATA_DIR: dataDir, BAIDU_OPENAPI_BASE: 'ftp://x', PLATFORM_SECRETS_KEY: 'short' }),
    ).toEqual([
      'PLATFORM_SECRETS_KEY: must be at least 32 characters',
      'BAIDU_OPENAPI_BASE: "ftp://x" is not an http(s) URL',
    ]);
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
    expect(loadConfig(PRODUCTION).schedulerEnabled).toBe(true);
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
