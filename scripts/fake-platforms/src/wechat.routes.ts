import { randomBytes } from 'node:crypto';
import { type FakeReply, type FakeRequest, isRecord, ok, stringField } from './http.util';
import { type App, type FakeState, LIFETIME_MS, type TokenCheck, randomId, stripQuery } from './state';
import type { FakePlatformsOptions } from './types';

// WeChat has answered with `application/json; encoding=utf-8` (sheet §0); clients must not rely on it.
const CONTENT_TYPE = 'application/json; encoding=utf-8';
const STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);

/** WeChat errors: HTTP 200, errcode + errmsg, and errmsg carries a request id as the real one does. */
function fail(errcode: number, errmsg: string): FakeReply {
  const rid = [randomId(4), randomId(4), randomId(4)].join('-');
  return ok({ errcode, errmsg: `${errmsg}, rid: ${rid}` }, CONTENT_TYPE);
}

function success(body: Record<string, unknown>): FakeReply {
  return ok(body, CONTENT_TYPE);
}

function tokenFailure(check: Exclude<TokenCheck, { ok: true }>): FakeReply {
  switch (check.reason) {
    case 'missing':
      return fail(41001, 'access_token missing');
    case 'expired':
      return fail(42001, 'access_token expired');
    default:
      // Unknown and superseded tokens: "not latest" (sheet §1.1). 40014 is the other documented
      // code for a bad token; which of the two the real server picks per case is UNCONFIRMED.
      return fail(40001, 'invalid credential, access_token is invalid or not latest');
  }
}

/** appid + secret checks shared by the endpoints that take them in the query. */
function authenticate(
  state: FakeState,
  appid: string | null,
  secret: string | null,
  wrongSecret: () => FakeReply,
): App | FakeReply {
  if (!appid) return fail(41002, 'appid missing');
  if (!secret) return fail(41004, 'appsecret missing');
  const app = state.appsWithId('wechat', appid)[0];
  if (!app) return fail(40013, 'invalid appid');
  if (app.secret !== secret) return wrongSecret();
  return app;
}

function isApp(value: App | FakeReply): value is App {
  return 'secret' in value;
}

function tokenBody(state: FakeState, value: string, expiresAt: number): FakeReply {
  return success({
    access_token: value,
    expires_in: Math.max(0, Math.floor((expiresAt - state.now()) / 1000)),
  });
}

/** GET /cgi-bin/token: each call issues a new token; the previous one works ~5 more minutes. */
function classicToken(req: FakeRequest, state: FakeState): FakeReply {
  // Method rule for this endpoint is not in the sheet; 43001 "require GET method" is UNCONFIRMED.
  if (req.method !== 'GET') return fail(43001, 'require GET method');
  if (req.query.get('grant_type') !== 'client_credential') return fail(40002, 'invalid grant_type');
  // The sheet lists 40001 for a wrong secret on /token (40125 "invalid appsecret" also exists).
  const app = authenticate(state, req.query.get('appid'), req.query.get('secret'), () =>
    fail(40001, 'invalid credential, access_token is invalid or not latest'),
  );
  if (!isApp(app)) return app;
  const token = state.issueToken(app, 'classic', LIFETIME_MS.token, LIFETIME_MS.rollover);
  return tokenBody(state, token.value, token.expiresAt);
}

/** POST /cgi-bin/stable_token: same token while valid unless force_refresh. JSON body only. */
function stableToken(req: FakeRequest, state: FakeState): FakeReply {
  if (req.method !== 'POST') return fail(43002, 'require POST method');
  if (!isRecord(req.json)) return fail(47001, 'data format error');
  if (stringField(req.json, 'grant_type') !== 'client_credential') return fail(40002, 'invalid grant_type');
  const app = authenticate(
    state,
    stringField(req.json, 'appid') ?? null,
    stringField(req.json, 'secret') ?? null,
    () => fail(40125, 'invalid appsecret'),
  );
  if (!isApp(app)) return app;
  const current = state.currentToken(app, 'stable');
  if (current && req.json.force_refresh !== true) return tokenBody(state, current.value, current.expiresAt);
  // Grace period after force_refresh is UNCONFIRMED; the classic rule (~5 min) is used.
  const token = state.issueToken(app, 'stable', LIFETIME_MS.token, LIFETIME_MS.rollover);
  return tokenBody(state, token.value, token.expiresAt);
}

/**
 * GET /sns/jscode2session. Success carries no errcode, as the real one usually does (sheet §1.2).
 * A code is bound to the app it was issued for; any other app gets 40029.
 */
function jscode2session(req: FakeRequest, state: FakeState, options: FakePlatformsOptions): FakeReply {
  if (req.method !== 'GET') return fail(41002, 'appid missing');
  const app = authenticate(state, req.query.get('appid'), req.query.get('secret'), () =>
    fail(40125, 'invalid appsecret'),
  );
  if (!isApp(app)) return app;
  const code = req.query.get('js_code');
  if (!code) return fail(41008, 'missing code');
  // The sheet says grant_type is always this literal; the error for another value is UNCONFIRMED.
  if (req.query.get('grant_type') !== 'authorization_code') return fail(40002, 'invalid grant_type');
  const redeemed = state.redeemCode('wechat', 'login', app.id, code);
  if (!redeemed.ok) {
    if (redeemed.reason === 'used' && options.wechatLoginCodeReuseErrcode === 40163) {
      return fail(40163, 'code been used');
    }
    return fail(40029, 'invalid code');
  }
  const { openid, unionid, sessionKey } = redeemed.identity;
  const body: Record<string, unknown> = { session_key: sessionKey ?? newSessionKey(), openid };
  if (unionid) body.unionid = unionid;
  return success(body);
}

/**
 * GET /sns/oauth2/access_token (official-account web authorisation). Not in the fact sheet: the
 * shape and 40163 for a reused code follow the public official-account doc and are UNCONFIRMED.
 * Codes come from issueLoginCode('wechat', appid, …), the same pool as wx.login codes.
 */
function oauth2AccessToken(req: FakeRequest, state: FakeState): FakeReply {
  if (req.method !== 'GET') return fail(43001, 'require GET method');
  const app = authenticate(state, req.query.get('appid'), req.query.get('secret'), () =>
    fail(40125, 'invalid appsecret'),
  );
  if (!isApp(app)) return app;
  const code = req.query.get('code');
  if (!code) return fail(41008, 'missing code');
  if (req.query.get('grant_type') !== 'authorization_code') return fail(40002, 'invalid grant_type');
  const redeemed = state.redeemCode('wechat', 'login', app.id, code);
  if (!redeemed.ok)
    return redeemed.reason === 'used' ? fail(40163, 'code been used') : fail(40029, 'invalid code');
  const { openid, unionid } = redeemed.identity;
  const body: Record<string, unknown> = {
    access_token: randomId(32),
    expires_in: LIFETIME_MS.token / 1000,
    refresh_token: randomId(32),
    openid,
    scope: 'snsapi_base',
  };
  if (unionid) body.unionid = unionid;
  return success(body);
}

/** POST /wxa/business/getuserphonenumber?access_token=… body { code, openid? }. */
function phoneNumber(req: FakeRequest, state: FakeState): FakeReply {
  if (req.method !== 'POST') return fail(43002, 'require POST method');
  const check = state.checkToken('wechat', req.query.get('access_token'));
  if (!check.ok) return tokenFailure(check);
  if (!isRecord(req.json)) return fail(47001, 'data format error');
  const appid = check.token.app.id;
  const redeemed = state.redeemCode('wechat', 'phone', appid, stringField(req.json, 'code'));
  if (!redeemed.ok) return fail(40029, 'invalid code');
  const openid = stringField(req.json, 'openid');
  // The sheet says the code↔openid binding is checked; the errcode for a mismatch is UNCONFIRMED.
  if (openid && redeemed.identity.openid && openid !== redeemed.identity.openid) {
    return fail(40029, 'invalid code');
  }
  const phone = redeemed.phone ?? { number: '', countryCode: '86' };
  return success({
    errcode: 0,
    errmsg: 'ok',
    phone_info: {
      phoneNumber: phone.countryCode === '86' ? phone.number : `+${phone.countryCode} ${phone.number}`,
      purePhoneNumber: phone.number,
      countryCode: phone.countryCode,
      watermark: { timestamp: Math.floor(state.now() / 1000), appid },
    },
  });
}

/** POST /cgi-bin/message/subscribe/send: one recorded consent buys exactly one message. */
function subscribeSend(req: FakeRequest, state: FakeState): FakeReply {
  if (req.method !== 'POST') return fail(43002, 'require POST method');
  const check = state.checkToken('wechat', req.query.get('access_token'));
  if (!check.ok) return tokenFailure(check);
  const body = req.json;
  if (!isRecord(body)) return fail(47001, 'data format error');
  const app = check.token.app;
  const touser = stringField(body, 'touser');
  if (!touser || !state.knowsOpenid(app.id, touser)) return fail(40003, 'invalid openid');
  const templateId = stringField(body, 'template_id');
  if (!templateId || !state.knowsTemplate(app.id, templateId)) return fail(40037, 'invalid template_id');
  const dataProblem = checkTemplateData(body.data);
  if (dataProblem) return fail(47003, `argument invalid! ${dataProblem}`);
  const page = body.page;
  if (page !== undefined && typeof page !== 'string') return fail(41030, 'invalid page');
  if (page && app.pages && !app.pages.has(stripQuery(page))) return fail(41030, 'invalid page');
  // Errcodes for a bad miniprogram_state / lang are not in the sheet: 47003 is UNCONFIRMED.
  if (body.miniprogram_state !== undefined && !STATES.has(String(body.miniprogram_state))) {
    return fail(47003, 'argument invalid! miniprogram_state invalid');
  }
  if (body.lang !== undefined && !LANGS.has(String(body.lang)))
    return fail(47003, 'argument invalid! lang invalid');
  if (!state.consumeConsent(app.id, touser, templateId)) return fail(43101, 'user refuse to accept the msg');
  state.deliver({
    platform: 'wechat',
    appId: app.id,
    path: req.path,
    recipients: [touser],
    body,
  });
  return success({ errcode: 0, errmsg: 'ok' });
}

/** `data` must be an object of `{ keyword: { value: string } }` with bare keyword names. */
function checkTemplateData(data: unknown): string | undefined {
  if (!isRecord(data) || Object.keys(data).length === 0) return 'data invalid';
  for (const [name, entry] of Object.entries(data)) {
    if (name.includes('.') || !isRecord(entry) || typeof entry.value !== 'string') {
      return `data.${name}.value invalid`;
    }
  }
  return undefined;
}

function newSessionKey(): string {
  return randomBytes(16).toString('base64');
}

export function routeWechat(
  req: FakeRequest,
  state: FakeState,
  options: FakePlatformsOptions,
): FakeReply | undefined {
  switch (req.path) {
    case '/cgi-bin/token':
      return classicToken(req, state);
    case '/cgi-bin/stable_token':
      return stableToken(req, state);
    case '/sns/jscode2session':
      return jscode2session(req, state, options);
    case '/sns/oauth2/access_token':
      return oauth2AccessToken(req, state);
    case '/wxa/business/getuserphonenumber':
      return phoneNumber(req, state);
    case '/cgi-bin/message/subscribe/send':
      return subscribeSend(req, state);
    default:
      return undefined;
  }
}
