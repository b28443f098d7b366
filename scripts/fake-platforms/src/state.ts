import { randomBytes } from 'node:crypto';
import type { AppRegistration, Delivery, LoginIdentity, Platform } from './types';

export interface App {
  platform: Platform;
  id: string;
  secret: string;
  agentId?: number;
  pages?: Set<string>;
}

/** `classic`/`stable` are WeChat's two independent token families; other platforms use `default`. */
export type TokenFamily = 'classic' | 'stable' | 'default';

export interface Token {
  value: string;
  platform: Platform;
  app: App;
  family: TokenFamily;
  expiresAt: number;
  /** A newer token replaced this one; it keeps working until this time. */
  retiredAt?: number;
}

export type TokenCheck =
  { ok: true; token: Token } | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'retired' };

export type CodeKind = 'login' | 'phone';

interface Code {
  platform: Platform;
  kind: CodeKind;
  appId: string;
  expiresAt: number;
  used: boolean;
  identity: LoginIdentity;
  phone?: { number: string; countryCode: string };
}

export type CodeRedeem =
  | { ok: true; identity: LoginIdentity; phone?: { number: string; countryCode: string } }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Lifetimes from the fact sheet: codes 5 min (Baidu 10 min), tokens 2 h (Baidu 30 days). */
export const LIFETIME_MS = {
  code: 5 * 60_000,
  baiduCode: 10 * 60_000,
  token: 7200_000,
  baiduToken: 2_592_000_000,
  /** WeChat keeps a replaced token working for about 5 minutes. */
  rollover: 5 * 60_000,
} as const;

export function randomId(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/** Everything the fake platforms remember; route handlers read and change it by named methods. */
export class FakeState {
  private readonly apps: App[] = [];
  private readonly tokens = new Map<string, Token>();
  private readonly codes = new Map<string, Code>();
  private readonly consents = new Map<string, number>();
  private readonly templates = new Set<string>();
  private readonly openids = new Set<string>();
  private readonly corpUsers = new Set<string>();
  private readonly taskIds = new Set<string>();
  private readonly deliveries: Delivery[] = [];

  constructor(readonly now: () => number) {}

  addApp(platform: Platform, registration: AppRegistration): App {
    const id = appIdOf(platform, registration);
    if (!registration.secret) throw new Error(`addApp(${platform}): secret is required`);
    const app: App = { platform, id, secret: registration.secret, agentId: registration.agentId };
    if (registration.pages) app.pages = new Set(registration.pages.map(stripQuery));
    // WeCom keeps one app per secret inside a corp; elsewhere a re-registration replaces the app.
    const same = (a: App): boolean =>
      a.platform === platform && a.id === id && (platform !== 'wecom' || a.secret === registration.secret);
    const index = this.apps.findIndex(same);
    if (index >= 0) this.apps.splice(index, 1, app);
    else this.apps.push(app);
    for (const userid of registration.users ?? []) this.corpUsers.add(key(id, userid));
    return app;
  }

  appsWithId(platform: Platform, id: string): App[] {
    return this.apps.filter((a) => a.platform === platform && a.id === id);
  }

  requireApp(platform: Platform, id: string): App {
    const app = this.appsWithId(platform, id)[0];
    if (!app) throw new Error(`no ${platform} app ${id}: call addApp first`);
    return app;
  }

  /** The live token of this app and family, if any (not expired, not retired). */
  currentToken(app: App, family: TokenFamily): Token | undefined {
    for (const token of this.tokens.values()) {
      if (token.app === app && token.family === family && !token.retiredAt && token.expiresAt > this.now()) {
        return token;
      }
    }
    return undefined;
  }

  /** Issues a new token; older tokens of the same app and family retire after `graceMs`. */
  issueToken(
    app: App,
    family: TokenFamily,
    lifetimeMs: number,
    graceMs: number,
    value = randomId(32),
  ): Token {
    const now = this.now();
    for (const old of this.tokens.values()) {
      if (old.app === app && old.family === family && !old.retiredAt) old.retiredAt = now + graceMs;
    }
    const token: Token = { value, platform: app.platform, app, family, expiresAt: now + lifetimeMs };
    this.tokens.set(value, token);
    return token;
  }

  checkToken(platform: Platform, value: string | null | undefined): TokenCheck {
    if (!value) return { ok: false, reason: 'missing' };
    const token = this.tokens.get(value);
    if (!token || token.platform !== platform) return { ok: false, reason: 'unknown' };
    const now = this.now();
    if (token.expiresAt <= now) return { ok: false, reason: 'expired' };
    if (token.retiredAt !== undefined && token.retiredAt <= now) return { ok: false, reason: 'retired' };
    return { ok: true, token };
  }

  expireToken(platform: Platform, value: string | 'all'): number {
    let count = 0;
    const past = this.now() - 1;
    for (const token of this.tokens.values()) {
      if (token.platform === platform && (value === 'all' || token.value === value)) {
        token.expiresAt = Math.min(token.expiresAt, past);
        count += 1;
      }
    }
    return count;
  }

  secondsLeft(token: Token): number {
    return Math.max(0, Math.floor((token.expiresAt - this.now()) / 1000));
  }

  issueCode(
    platform: Platform,
    kind: CodeKind,
    appId: string,
    identity: LoginIdentity,
    lifetimeMs: number,
    phone?: Code['phone'],
  ): string {
    const code = randomId(16);
    this.codes.set(code, {
      platform,
      kind,
      appId,
      identity,
      phone,
      used: false,
      expiresAt: this.now() + lifetimeMs,
    });
    if (identity.openid) this.openids.add(key(appId, identity.openid));
    if (identity.userid && platform === 'wecom') this.corpUsers.add(key(appId, identity.userid));
    return code;
  }

  /** Single use: the first successful redemption spends the code; codes are bound to one app. */
  redeemCode(platform: Platform, kind: CodeKind, appId: string, value: string | undefined): CodeRedeem {
    const code = value ? this.codes.get(value) : undefined;
    if (!code || code.platform !== platform || code.kind !== kind || code.appId !== appId) {
      return { ok: false, reason: 'unknown' };
    }
    if (code.used) return { ok: false, reason: 'used' };
    if (code.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    code.used = true;
    return { ok: true, identity: code.identity, phone: code.phone };
  }

  grantSubscribe(appid: string, openid: string, templateId: string, count: number): void {
    this.templates.add(key(appid, templateId));
    this.openids.add(key(appid, openid));
    const k = key(appid, openid, templateId);
    this.consents.set(k, (this.consents.get(k) ?? 0) + count);
  }

  knowsOpenid(appid: string, openid: string): boolean {
    return this.openids.has(key(appid, openid));
  }

  knowsTemplate(appid: string, templateId: string): boolean {
    return this.templates.has(key(appid, templateId));
  }

  /** Uses up one consent; false when none is left. */
  consumeConsent(appid: string, openid: string, templateId: string): boolean {
    const k = key(appid, openid, templateId);
    const left = this.consents.get(k) ?? 0;
    if (left <= 0) return false;
    this.consents.set(k, left - 1);
    return true;
  }

  isCorpUser(corpid: string, userid: string): boolean {
    return this.corpUsers.has(key(corpid, userid));
  }

  /** WeCom card task ids are unique per app; false when already taken. */
  claimTaskId(app: App, taskId: string): boolean {
    const k = key(app.id, String(app.agentId), taskId);
    if (this.taskIds.has(k)) return false;
    this.taskIds.add(k);
    return true;
  }

  deliver(delivery: Omit<Delivery, 'at'>): void {
    this.deliveries.push({ ...delivery, at: new Date(this.now()) });
  }

  delivered(platform: Platform): Delivery[] {
    return this.deliveries.filter((d) => d.platform === platform);
  }
}

function appIdOf(platform: Platform, registration: AppRegistration): string {
  const id =
    platform === 'wechat'
      ? registration.appid
      : platform === 'wecom'
        ? registration.corpid
        : platform === 'dingtalk'
          ? registration.appKey
          : (registration.appKey ?? registration.appid);
  if (!id) throw new Error(`addApp(${platform}): missing app id (appid / corpid / appKey)`);
  return id;
}

function key(...parts: string[]): string {
  return parts.join('\u0000');
}

export function stripQuery(page: string): string {
  return page.split('?')[0].replace(/^\//, '');
}
