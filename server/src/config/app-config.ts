import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'mysql' | 'mariadb';
      host: string;
      port: number;
      username: string;
      password: string;
      database: string;
    };

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Where the SQLite file, uploads and generated development secrets live. */
  dataDir: string;
  /** Where uploaded attachments are stored (UPLOAD_DIR, default `<dataDir>/uploads`). */
  uploadDir: string;
  /** The built H5 app served at `/` (WEB_DIR, default miniapp/dist/h5). */
  webDir: string;
  /**
   * Where the platforms reach this server (PUBLIC_BASE_URL): WeChat Pay posts its notifications
   * under it. Default http://localhost:<PORT>.
   */
  publicBaseUrl: string;
  database: DatabaseConfig;
  /** Load the demo organisation into an empty database at start. Never in production. */
  demoData: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  /** Run registered jobs on timers. Off in tests, which drive jobs by hand. */
  schedulerEnabled: boolean;
  /** Deliver the notification outbox from this process (off in tests, which drive it by hand). */
  outboxWorkerEnabled: boolean;
  /** How often the outbox worker looks for due messages. */
  outboxPollMs: number;
  platforms: PlatformsConfig;
  auth: {
    jwtSecret: string;
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** Failed passwords in a row before the account is locked. */
    maxFailedLogins: number;
    lockMinutes: number;
    /** Login attempts one client address may make per minute. */
    loginAttemptsPerMinute: number;
  };
}

/** Where each platform's server API lives, and how platform logins and lookups are kept in bounds. */
export interface PlatformsConfig {
  /**
   * Start local fake WeChat, WeCom, DingTalk and Baidu servers inside this process and point every
   * base URL at them (FAKE_PLATFORMS; on by default with demo data, refused in production).
   */
  fake: boolean;
  baseUrls: PlatformBaseUrls;
  /** Encrypts platform app secrets at rest (PLATFORM_SECRETS_KEY, 32+ characters; required in production). */
  secretsKey: string;
  /** WeChat bills every phone-number lookup: how many one person may start per day. */
  phoneLookupsPerDay: number;
}

export interface PlatformBaseUrls {
  /** api.weixin.qq.com (WECHAT_API_BASE). */
  wechat: string;
  /** open.weixin.qq.com, where the official-account OAuth page lives (WECHAT_OPEN_BASE). */
  wechatOpen: string;
  /** qyapi.weixin.qq.com (WECOM_API_BASE). */
  wecom: string;
  /** oapi.dingtalk.com (DINGTALK_OAPI_BASE). */
  dingtalkOapi: string;
  /** api.dingtalk.com (DINGTALK_API_BASE). */
  dingtalkApi: string;
  /** openapi.baidu.com (BAIDU_OPENAPI_BASE). */
  baidu: string;
  /** api.mch.weixin.qq.com (WECHATPAY_API_BASE). */
  wechatPay: string;
}

/** A bad or missing setting; the message names the variable and what it wants. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The repository's top folder: server/dist/config → ../../.. (also right from server/src/config). */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and checks every setting once. Only this folder reads process.env; everything else
 * receives the AppConfig. All problems are reported together, so one start shows them all.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'test', 'production'], 'development');
  const production = nodeEnv === 'production';
  const dataDir = resolveFromRoot(read.string('DATA_DIR', 'data'));
  const database = parseDatabaseUrl(
    read.string('DATABASE_URL', `sqlite:${join(dataDir, 'smart-repair.sqlite')}`),
    problems,
  );

  const demoRequested = read.bool('DEMO_DATA', !production);
  if (production && demoRequested) problems.push('DEMO_DATA: demo data is never loaded in production');

  const secretFromEnv = env.JWT_SECRET;
  let jwtSecret = secretFromEnv ?? '';
  if (secretFromEnv !== undefined && secretFromEnv.length < 32) {
    problems.push('JWT_SECRET: must be at least 32 characters');
  } else if (secretFromEnv === undefined) {
    if (production) problems.push('JWT_SECRET: required in production (at least 32 random characters)');
    else if (problems.length === 0) jwtSecret = developmentSecret(dataDir, '.jwt-secret');
  }

  const fakePlatforms = read.bool('FAKE_PLATFORMS', demoRequested && !production);
  if (production && fakePlatforms)
    problems.push('FAKE_PLATFORMS: the fake platforms never run in production');
  const secretsKeyFromEnv = env.PLATFORM_SECRETS_KEY;
  let secretsKey = secretsKeyFromEnv ?? '';
  if (secretsKeyFromEnv !== undefined && secretsKeyFromEnv.length < 32) {
    problems.push('PLATFORM_SECRETS_KEY: must be at least 32 characters');
  } else if (secretsKeyFromEnv === undefined) {
    if (production)
      problems.push('PLATFORM_SECRETS_KEY: required in production (at least 32 random characters)');
    else if (problems.length === 0) secretsKey = developmentSecret(dataDir, '.platform-secrets-key');
  }

  const port = read.int('PORT', 3000, 0, 65535);
  const config: AppConfig = {
    env: nodeEnv,
    host: read.string('HOST', '0.0.0.0'),
    port,
    dataDir,
    uploadDir: resolveFromRoot(read.string('UPLOAD_DIR', join(dataDir, 'uploads'))),
    webDir: resolveFromRoot(read.string('WEB_DIR', join('miniapp', 'dist', 'h5'))),
    publicBaseUrl: read.url('PUBLIC_BASE_URL', `http://localhost:${port}`),
    database,
    demoData: demoRequested && !production,
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    trustProxy: read.bool('TRUST_PROXY', false),
    schedulerEnabled: read.bool('SCHEDULER_ENABLED', nodeEnv !== 'test'),
    outboxWorkerEnabled: read.bool('OUTBOX_WORKER_ENABLED', nodeEnv !== 'test'),
    outboxPollMs: read.int('OUTBOX_POLL_MS', 1000, 50, 60_000),
    platforms: {
      fake: fakePlatforms,
      baseUrls: {
        wechat: read.url('WECHAT_API_BASE', 'https://api.weixin.qq.com'),
        wechatOpen: read.url('WECHAT_OPEN_BASE', 'https://open.weixin.qq.com'),
        wecom: read.url('WECOM_API_BASE', 'https://qyapi.weixin.qq.com'),
        dingtalkOapi: read.url('DINGTALK_OAPI_BASE', 'https://oapi.dingtalk.com'),
        dingtalkApi: read.url('DINGTALK_API_BASE', 'https://api.dingtalk.com'),
        baidu: read.url('BAIDU_OPENAPI_BASE', 'https://openapi.baidu.com'),
        wechatPay: read.url('WECHATPAY_API_BASE', 'https://api.mch.weixin.qq.com'),
      },
      secretsKey,
      phoneLookupsPerDay: read.int('PHONE_LOOKUPS_PER_DAY', 5, 1, 1000),
    },
    auth: {
      jwtSecret,
      issuer: read.string('JWT_ISSUER', 'smart-repair'),
      audience: read.string('JWT_AUDIENCE', 'smart-repair-api'),
      accessTokenTtlSeconds: read.int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 24 * 3600),
      refreshTokenTtlSeconds: read.int('REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
      maxFailedLogins: read.int('LOGIN_MAX_FAILURES', 5, 1, 100),
      lockMinutes: read.int('LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
      loginAttemptsPerMinute: read.int('LOGIN_ATTEMPTS_PER_MINUTE', 20, 1, 1_000_000),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** sqlite:relative/or/absolute.sqlite, sqlite::memory:, mysql://user:pass@host:3306/db, mariadb://… */
export function parseDatabaseUrl(value: string, problems: string[]): DatabaseConfig {
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') problems.push('DATABASE_URL: sqlite: needs a file path');
    return { kind: 'sqlite', file: file === ':memory:' ? file : resolveFromRoot(file) };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push('DATABASE_URL: not a URL; use sqlite:path, mysql://… or mariadb://…');
    return { kind: 'sqlite', file: ':memory:' };
  }
  const kind = url.protocol.replace(':', '');
  if (kind !== 'mysql' && kind !== 'mariadb') {
    problems.push(`DATABASE_URL: unsupported database "${kind}"; use sqlite:, mysql:// or mariadb://`);
    return { kind: 'sqlite', file: ':memory:' };
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '')
    problems.push('DATABASE_URL: name the database, e.g. mariadb://root@127.0.0.1:3306/smart_repair');
  return {
    kind,
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
  };
}

function resolveFromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}

/**
 * Outside production a random secret is made once and kept beside the data, so logins and stored
 * platform secrets survive restarts.
 */
function developmentSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    if (value === undefined || value === '') return fallback;
    return value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}: "${raw}" is not a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  /** An http(s) base URL without a trailing slash. */
  url(name: string, fallback: string): string {
    const raw = this.string(name, fallback);
    let parsed: URL | undefined;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol)) {
      this.problems.push(`${name}: "${raw}" is not an http(s) URL`);
      return fallback;
    }
    return raw.replace(/\/+$/, '');
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name}: "${raw}" is not true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}: "${raw}" is not one of ${allowed.join(', ')}`);
    return fallback;
  }
}
