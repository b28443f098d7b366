import { type FakeReply, type FakeRequest, isRecord, ok, parseJson } from './http.util';
import { type App, type FakeState, LIFETIME_MS, type Token, type TokenCheck, randomId } from './state';

const CONTENT_TYPE = 'application/json;charset=UTF-8';
const MSG_TYPES = new Set(['text', 'image', 'voice', 'file', 'link', 'oa', 'markdown', 'action_card']);

function fail(errcode: number, errmsg: string): FakeReply {
  return ok({ errcode, errmsg, request_id: randomId(12) }, CONTENT_TYPE);
}

function success(body: Record<string, unknown>): FakeReply {
  return ok({ errcode: 0, errmsg: 'ok', ...body }, CONTENT_TYPE);
}

/** api.dingtalk.com is REST style: HTTP 4xx with { code, requestid, message }. */
function restFail(status: number, code: string, message: string): FakeReply {
  return { status, body: { code, requestid: randomId(16), message }, contentType: CONTENT_TYPE };
}

function tokenFailure(check: Exclude<TokenCheck, { ok: true }>): FakeReply {
  // 42001 for an expired oapi token is UNCONFIRMED (sheet §4.2, §8 item 11).
  if (check.reason === 'expired') return fail(42001, '不合法的access_token');
  return fail(40014, '不合法的access_token');
}

/**
 * One token per app, shared by oapi `gettoken` and `v1.0/oauth2/accessToken`: the new-API token
 * being accepted by oapi endpoints is UNCONFIRMED (sheet §4.1) but reported by integrations.
 */
function tokenFor(state: FakeState, app: App): Token {
  return state.currentToken(app, 'default') ?? state.issueToken(app, 'default', LIFETIME_MS.token, 0);
}

/** GET oapi /gettoken?appkey&appsecret. Wrong credentials → 40089 (not in the sheet: UNCONFIRMED). */
function gettoken(req: FakeRequest, state: FakeState): FakeReply {
  const app = state.appsWithId('dingtalk', req.query.get('appkey') ?? '')[0];
  if (!app || app.secret !== req.query.get('appsecret')) return fail(40089, '不合法的corpid或corpsecret');
  const token = tokenFor(state, app);
  return success({ access_token: token.value, expires_in: state.secondsLeft(token) });
}

/**
 * POST api /v1.0/oauth2/accessToken with a JSON body. Error codes other than the 400 for a
 * missing JSON body ("body is mandatory") are UNCONFIRMED.
 */
function accessToken(req: FakeRequest, state: FakeState): FakeReply | undefined {
  if (req.method !== 'POST') return undefined;
  if (!isRecord(req.json)) return restFail(400, 'MissingBody', 'body is mandatory');
  const { appKey, appSecret } = req.json;
  if (typeof appKey !== 'string' || !appKey) {
    return restFail(400, 'MissingappKey', 'appKey is mandatory for this action.');
  }
  if (typeof appSecret !== 'string' || !appSecret) {
    return restFail(400, 'MissingappSecret', 'appSecret is mandatory for this action.');
  }
  const app = state.appsWithId('dingtalk', appKey)[0];
  if (!app || app.secret !== appSecret) {
    return restFail(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
  }
  const token = tokenFor(state, app);
  return { status: 200, body: { accessToken: token.value, expireIn: state.secondsLeft(token) } };
}

/** topapi accepts JSON or form bodies (form acceptance UNCONFIRMED; SDKs send form-encoded). */
function param(req: FakeRequest, name: string): unknown {
  if (isRecord(req.json)) return req.json[name];
  return req.form.get(name) ?? undefined;
}

/** POST oapi /topapi/v2/user/getuserinfo?access_token body { code }. */
function getuserinfo(req: FakeRequest, state: FakeState): FakeReply {
  const check = state.checkToken('dingtalk', req.query.get('access_token'));
  if (!check.ok) return tokenFailure(check);
  const code = param(req, 'code');
  const redeemed = state.redeemCode(
    'dingtalk',
    'login',
    check.token.app.id,
    typeof code === 'string' ? code : undefined,
  );
  if (!redeemed.ok) return fail(40078, '不存在的临时授权码');
  const { userid, unionid, name } = redeemed.identity;
  return success({
    result: {
      userid,
      unionid: unionid ?? '',
      associated_unionid: '',
      name: name ?? userid,
      device_id: randomId(16),
      sys: false,
      sys_level: 0,
    },
    request_id: randomId(12),
  });
}

/**
 * POST oapi /topapi/message/corpconversation/asyncsend_v2. Sending is asynchronous, so unknown
 * userids are accepted here (they only show in getsendresult, which is not faked). The errcode
 * for bad parameters (40035 "不合法的参数") is UNCONFIRMED.
 */
function asyncsend(req: FakeRequest, state: FakeState): FakeReply {
  if (req.method !== 'POST') return fail(40035, '不合法的参数');
  const check = state.checkToken('dingtalk', req.query.get('access_token'));
  if (!check.ok) return tokenFailure(check);
  const app = check.token.app;
  if (Number(param(req, 'agent_id')) !== app.agentId) return fail(40035, '不合法的参数 agent_id');
  const userids = String(param(req, 'userid_list') ?? '')
    .split(',')
    .filter((id) => id.length > 0);
  const depts = String(param(req, 'dept_id_list') ?? '');
  const toAll = param(req, 'to_all_user');
  if (userids.length === 0 && !depts && toAll !== true && toAll !== 'true') {
    return fail(40035, '不合法的参数 userid_list');
  }
  const rawMsg = param(req, 'msg');
  const msg = typeof rawMsg === 'string' ? parseJson(rawMsg) : rawMsg;
  const msgtype = isRecord(msg) ? msg.msgtype : undefined;
  if (!isRecord(msg) || typeof msgtype !== 'string' || !MSG_TYPES.has(msgtype) || !isRecord(msg[msgtype])) {
    return fail(40035, '不合法的参数 msg');
  }
  const body = isRecord(req.json) ? req.json : { ...Object.fromEntries(req.form), msg };
  state.deliver({ platform: 'dingtalk', appId: app.id, path: req.path, recipients: userids, body });
  return success({ task_id: Math.floor(Math.random() * 1e12), request_id: randomId(12) });
}

export function routeDingtalkOapi(req: FakeRequest, state: FakeState): FakeReply | undefined {
  switch (req.path) {
    case '/gettoken':
      return gettoken(req, state);
    case '/topapi/v2/user/getuserinfo':
      return getuserinfo(req, state);
    case '/topapi/message/corpconversation/asyncsend_v2':
      return asyncsend(req, state);
    default:
      return undefined;
  }
}

export function routeDingtalkApi(req: FakeRequest, state: FakeState): FakeReply | undefined {
  return req.path === '/v1.0/oauth2/accessToken' ? accessToken(req, state) : undefined;
}
