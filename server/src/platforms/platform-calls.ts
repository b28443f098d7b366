import { PlatformError, requestPlatformJson, type PlatformApp } from './token-clients';
import type { PlatformTokensService } from './platform-tokens.service';

/** Who a login code stood for, as the platform says. */
export interface PlatformPerson {
  /** openid (WeChat, Baidu) or userid (WeCom, DingTalk). */
  subject: string;
  unionId: string | null;
  /** DingTalk tells the person's name; the others do not. */
  name: string | null;
}

/** A platform app ready to call: its credentials, token source and API host. */
export interface CallableApp {
  /** What PlatformTokensService needs (the token host is in `baseUrl`). */
  tokenApp: PlatformApp;
  /** Where the app's other calls go (DingTalk's oapi host differs from its token host). */
  apiBase: string;
}

/** WeChat mini-program: `wx.login` code → openid (+ unionid when bound to an Open Platform account). */
export async function wechatMiniprogramLogin(app: CallableApp, code: string): Promise<PlatformPerson> {
  const query = new URLSearchParams({
    appid: app.tokenApp.appId,
    secret: app.tokenApp.secret,
    js_code: code,
    grant_type: 'authorization_code',
  });
  const body = await requestPlatformJson('wechat', `${app.apiBase}/sns/jscode2session?${query}`);
  return person('wechat', body.openid, body.unionid, null);
}

/** WeChat official account web OAuth (H5 opened inside WeChat): code → openid. */
export async function wechatOfficialLogin(app: CallableApp, code: string): Promise<PlatformPerson> {
  const query = new URLSearchParams({
    appid: app.tokenApp.appId,
    secret: app.tokenApp.secret,
    code,
    grant_type: 'authorization_code',
  });
  const body = await requestPlatformJson('wechat', `${app.apiBase}/sns/oauth2/access_token?${query}`);
  return person('wechat', body.openid, body.unionid, null);
}

/** WeCom mini-program: `qy.login` code → the member's userid, with the corp's access token. */
export function wecomLogin(
  tokens: PlatformTokensService,
  app: CallableApp,
  code: string,
): Promise<PlatformPerson> {
  return tokens.call(app.tokenApp, async (token) => {
    const query = new URLSearchParams({
      access_token: token,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const body = await requestPlatformJson(
      'wecom',
      `${app.apiBase}/cgi-bin/miniprogram/jscode2session?${query}`,
    );
    if (typeof body.corpid === 'string' && body.corpid !== app.tokenApp.appId)
      throw new PlatformError('wecom', 'bad_response', 'the code belongs to another corp', false);
    return person('wecom', body.userid, null, null);
  });
}

/** DingTalk mini-program: auth code → the member's userid (and unionid, name). */
export function dingtalkLogin(
  tokens: PlatformTokensService,
  app: CallableApp,
  code: string,
): Promise<PlatformPerson> {
  return tokens.call(app.tokenApp, async (token) => {
    const query = new URLSearchParams({ access_token: token });
    const body = await requestPlatformJson('dingtalk', `${app.apiBase}/topapi/v2/user/getuserinfo?${query}`, {
      method: 'POST',
      json: { code },
    });
    const result = isRecord(body.result) ? body.result : {};
    return person('dingtalk', result.userid, result.unionid, result.name);
  });
}

/** Baidu smart program: login code → open_id, with the app's OAuth token. */
export function baiduLogin(
  tokens: PlatformTokensService,
  app: CallableApp,
  code: string,
): Promise<PlatformPerson> {
  return tokens.call(app.tokenApp, async (token) => {
    const query = new URLSearchParams({ access_token: token, code });
    const body = await requestPlatformJson(
      'baidu',
      `${app.apiBase}/rest/2.0/smartapp/getsessionkey?${query}`,
    );
    const data = isRecord(body.data) ? body.data : {};
    return person('baidu', data.open_id, null, null);
  });
}

/** WeChat `getPhoneNumber` button code → the number WeChat verified (billed per call). */
export function wechatPhoneNumber(
  tokens: PlatformTokensService,
  app: CallableApp,
  code: string,
  openid: string | null,
): Promise<string> {
  return tokens.call(app.tokenApp, async (token) => {
    const query = new URLSearchParams({ access_token: token });
    const body = await requestPlatformJson(
      'wechat',
      `${app.apiBase}/wxa/business/getuserphonenumber?${query}`,
      { method: 'POST', json: openid === null ? { code } : { code, openid } },
    );
    const info = isRecord(body.phone_info) ? body.phone_info : {};
    const phone = info.purePhoneNumber;
    if (typeof phone !== 'string' || phone === '')
      throw new PlatformError('wechat', 'bad_response', 'no phone number in the answer', true);
    return phone;
  });
}

function person(
  platform: PlatformApp['platform'],
  subject: unknown,
  unionId: unknown,
  name: unknown,
): PlatformPerson {
  if (typeof subject !== 'string' || subject === '')
    throw new PlatformError(platform, 'bad_response', 'the answer names nobody', true);
  return {
    subject,
    unionId: typeof unionId === 'string' && unionId !== '' ? unionId : null,
    name: typeof name === 'string' && name !== '' ? name : null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
