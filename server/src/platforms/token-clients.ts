/** The platforms whose server APIs need an app access token. */
export type PlatformName = 'wechat' | 'wecom' | 'dingtalk' | 'baidu';

/**
 * One platform app and where its API lives. `appId` is the WeChat appid, WeCom corpid, DingTalk
 * appKey or Baidu AppKey; `baseUrl` is the configured host (WECHAT_API_BASE, WECOM_API_BASE,
 * DINGTALK_API_BASE, BAIDU_OPENAPI_BASE), so tests and the demo can point it at a fake.
 */
export interface PlatformApp {
  platform: PlatformName;
  appId: string;
  secret: string;
  baseUrl: string;
}

export interface FetchedToken {
  token: string;
  expiresInSeconds: number;
}

/** How long one platform request may take before it counts as a retryable failure. */
export const PLATFORM_TIMEOUT_MS = 5000;

/**
 * A platform refused or failed a request. `code` is the platform's own (errcode / errno number,
 * DingTalk or Baidu OAuth string), or `timeout`, `network`, `http_<status>`, `bad_response` when
 * no answer carried one. `retryable` says whether the same request may succeed later.
 */
export class PlatformError extends Error {
  constructor(
    readonly platform: PlatformName,
    readonly code: number | string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(`${platform} ${code}: ${message}`);
    this.name = 'PlatformError';
  }
}

/** Answers that mean "busy, try again later" rather than "this request is wrong". */
const RETRYABLE_CODES: ReadonlySet<number | string> = new Set([-1, 45011]);

/** Codes that mean the access token is no longer accepted: drop it, refetch and retry once. */
const TOKEN_INVALID_CODES: Record<PlatformName, ReadonlySet<number | string>> = {
  wechat: new Set([40001, 40014, 42001]),
  wecom: new Set([40001, 40014, 42001]),
  // oapi 40014 / 42001 (the latter UNCONFIRMED in the sheet), new API InvalidAuthentication.
  dingtalk: new Set([40014, 42001, 'InvalidAuthentication']),
  // OpenAPI-level 110 invalid / 111 expired (seen in integrations, UNCONFIRMED in the sheet).
  baidu: new Set([110, 111]),
};

export function isTokenInvalidError(error: unknown, platform: PlatformName): error is PlatformError {
  return (
    error instanceof PlatformError &&
    error.platform === platform &&
    TOKEN_INVALID_CODES[platform].has(error.code)
  );
}

/**
 * One request to a platform: the body is parsed as JSON whatever its Content-Type, and a failure
 * in any of the platforms' styles (errcode, errno, error_code, OAuth `error`, REST `code`) or a
 * transport problem becomes a PlatformError. Messages never carry the URL: it may hold a secret.
 */
export async function requestPlatformJson(
  platform: PlatformName,
  url: string,
  init: { method?: 'GET' | 'POST'; json?: unknown } = {},
  timeoutMs: number = PLATFORM_TIMEOUT_MS,
): Promise<Record<string, unknown>> {
  let status: number;
  let text: string;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.json === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      signal,
    });
    status = response.status;
    text = await response.text();
  } catch {
    // The signal, not the error's class, tells a timeout apart: the DOMException may come from another realm.
    const timedOut = signal.aborted;
    throw new PlatformError(
      platform,
      timedOut ? 'timeout' : 'network',
      timedOut ? `no answer within ${timeoutMs} ms` : 'could not reach the platform',
      true,
    );
  }
  const body = parseObject(text);
  const failure = body === undefined ? undefined : failureIn(body, status);
  if (failure !== undefined)
    throw new PlatformError(
      platform,
      failure.code,
      failure.message,
      status >= 500 || RETRYABLE_CODES.has(failure.code),
    );
  if (status < 200 || status >= 300)
    throw new PlatformError(platform, `http_${status}`, `HTTP ${status}`, status >= 500 || status === 429);
  // A 2xx page that is not JSON is most likely a proxy or gateway in between.
  if (body === undefined) throw new PlatformError(platform, 'bad_response', 'the answer is not JSON', true);
  return body;
}

/** Fetches a new access token for the app from its platform. */
export function fetchPlatformToken(
  app: PlatformApp,
  timeoutMs: number = PLATFORM_TIMEOUT_MS,
): Promise<FetchedToken> {
  switch (app.platform) {
    case 'wechat':
      return fetchWechatToken(app, timeoutMs);
    case 'wecom':
      return fetchWecomToken(app, timeoutMs);
    case 'dingtalk':
      return fetchDingtalkToken(app, timeoutMs);
    case 'baidu':
      return fetchBaiduToken(app, timeoutMs);
  }
}

/** WeChat classic token: each fetch rotates it (the previous one works ~5 more minutes). */
export async function fetchWechatToken(
  app: PlatformApp,
  timeoutMs = PLATFORM_TIMEOUT_MS,
): Promise<FetchedToken> {
  const query = new URLSearchParams({
    grant_type: 'client_credential',
    appid: app.appId,
    secret: app.secret,
  });
  const body = await requestPlatformJson('wechat', `${app.baseUrl}/cgi-bin/token?${query}`, {}, timeoutMs);
  return tokenFrom('wechat', body.access_token, body.expires_in);
}

/** WeCom: one token per corpid + app secret, the same one while it is valid. */
export async function fetchWecomToken(
  app: PlatformApp,
  timeoutMs = PLATFORM_TIMEOUT_MS,
): Promise<FetchedToken> {
  const query = new URLSearchParams({ corpid: app.appId, corpsecret: app.secret });
  const body = await requestPlatformJson('wecom', `${app.baseUrl}/cgi-bin/gettoken?${query}`, {}, timeoutMs);
  return tokenFrom('wecom', body.access_token, body.expires_in);
}

/** DingTalk new API (api.dingtalk.com): JSON body, REST-style errors. */
export async function fetchDingtalkToken(
  app: PlatformApp,
  timeoutMs = PLATFORM_TIMEOUT_MS,
): Promise<FetchedToken> {
  const body = await requestPlatformJson(
    'dingtalk',
    `${app.baseUrl}/v1.0/oauth2/accessToken`,
    { method: 'POST', json: { appKey: app.appId, appSecret: app.secret } },
    timeoutMs,
  );
  return tokenFrom('dingtalk', body.accessToken, body.expireIn);
}

/** Baidu smart program: OAuth client credentials, tokens live 30 days. */
export async function fetchBaiduToken(
  app: PlatformApp,
  timeoutMs = PLATFORM_TIMEOUT_MS,
): Promise<FetchedToken> {
  const query = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: app.appId,
    client_secret: app.secret,
    scope: 'smartapp_snsapi_base',
  });
  const body = await requestPlatformJson('baidu', `${app.baseUrl}/oauth/2.0/token?${query}`, {}, timeoutMs);
  return tokenFrom('baidu', body.access_token, body.expires_in);
}

function tokenFrom(platform: PlatformName, token: unknown, expiresIn: unknown): FetchedToken {
  if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number' || !(expiresIn > 0))
    throw new PlatformError(
      platform,
      'bad_response',
      'the token answer lacks the token or its lifetime',
      true,
    );
  return { token, expiresInSeconds: expiresIn };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The platform's own error in a parsed answer, whichever of the styles it uses. */
function failureIn(
  body: Record<string, unknown>,
  status: number,
): { code: number | string; message: string } | undefined {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  // errcode style (WeChat, WeCom, DingTalk oapi): an absent errcode or 0 is success.
  if (typeof body.errcode === 'number' && body.errcode !== 0)
    return { code: body.errcode, message: text(body.errmsg) };
  // Baidu business errors and OpenAPI-level errors.
  if (typeof body.errno === 'number' && body.errno !== 0)
    return { code: body.errno, message: text(body.msg) };
  if (typeof body.error_code === 'number' && body.error_code !== 0)
    return { code: body.error_code, message: text(body.error_msg) };
  // OAuth style (Baidu token endpoint).
  if (typeof body.error === 'string' && body.error !== '')
    return { code: body.error, message: text(body.error_description) };
  // REST style (DingTalk api.dingtalk.com): the status says it failed, `code` says why.
  if ((status < 200 || status >= 300) && typeof body.code === 'string' && body.code !== '')
    return { code: body.code, message: text(body.message) };
  return undefined;
}
