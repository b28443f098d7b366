import { type FakeReply, type FakeRequest, ok } from './http.util';
import { type FakeState, LIFETIME_MS, randomId } from './state';

/** errno for a bad login code: the sheet has no table for getsessionkey, so this is UNCONFIRMED. */
export const BAIDU_INVALID_CODE_ERRNO = 1;

/** OAuth-style failure; the HTTP status Baidu uses for these is UNCONFIRMED (RFC 6749 style here). */
function oauthFail(status: number, error: string, description: string): FakeReply {
  return { status, body: { error, error_description: description } };
}

/**
 * GET /oauth/2.0/token?grant_type=client_credentials&client_id&client_secret&scope. Each call
 * issues a new token and earlier ones stay valid (rotation rules UNCONFIRMED). The token shape
 * mimics `24.<hex>.2592000.<expiry>.<n>-<n>`.
 */
function token(req: FakeRequest, state: FakeState): FakeReply {
  const params = req.method === 'POST' && req.form.size > 0 ? req.form : req.query;
  if (params.get('grant_type') !== 'client_credentials') {
    return oauthFail(400, 'unsupported_grant_type', 'The authorization grant type is not supported');
  }
  const app = state.appsWithId('baidu', params.get('client_id') ?? '')[0];
  if (!app) return oauthFail(401, 'invalid_client', 'unknown client id');
  if (app.secret !== params.get('client_secret')) {
    return oauthFail(401, 'invalid_client', 'Client authentication failed');
  }
  const seconds = LIFETIME_MS.baiduToken / 1000;
  const expiry = Math.floor(state.now() / 1000) + seconds;
  const value = `24.${randomId(16)}.${seconds}.${expiry}.${Math.floor(Math.random() * 1e6)}-${Math.floor(Math.random() * 1e8)}`;
  const issued = state.issueToken(app, 'default', LIFETIME_MS.baiduToken, Number.POSITIVE_INFINITY, value);
  return ok({
    access_token: issued.value,
    expires_in: seconds,
    scope: params.get('scope') ?? 'smartapp_snsapi_base',
  });
}

/**
 * /rest/2.0/smartapp/getsessionkey?access_token&code, GET or POST (Baidu's SDKs POST with the
 * parameters in the query string). Token errors 110/111 are UNCONFIRMED (sheet §5).
 */
function getsessionkey(req: FakeRequest, state: FakeState): FakeReply {
  const param = (name: string): string | null => req.query.get(name) ?? req.form.get(name);
  const check = state.checkToken('baidu', param('access_token'));
  if (!check.ok) {
    return check.reason === 'expired'
      ? ok({ error_code: 111, error_msg: 'Access token expired' })
      : ok({ error_code: 110, error_msg: 'Access token invalid or no longer valid' });
  }
  const redeemed = state.redeemCode('baidu', 'login', check.token.app.id, param('code') ?? undefined);
  if (!redeemed.ok)
    return ok({ errno: BAIDU_INVALID_CODE_ERRNO, msg: 'invalid code', request_id: randomId(8) });
  return ok({
    errno: 0,
    msg: 'success',
    request_id: randomId(8),
    timestamp: Math.floor(state.now() / 1000),
    data: { open_id: redeemed.identity.openid, session_key: redeemed.identity.sessionKey ?? randomId(16) },
  });
}

export function routeBaidu(req: FakeRequest, state: FakeState): FakeReply | undefined {
  switch (req.path) {
    case '/oauth/2.0/token':
      return token(req, state);
    case '/rest/2.0/smartapp/getsessionkey':
      return req.method === 'GET' || req.method === 'POST' ? getsessionkey(req, state) : undefined;
    default:
      return undefined;
  }
}
