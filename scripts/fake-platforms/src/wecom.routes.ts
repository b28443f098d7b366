import { type FakeReply, type FakeRequest, isRecord, ok, stringField } from './http.util';
import { type FakeState, LIFETIME_MS, type TokenCheck, randomId } from './state';

const CONTENT_TYPE = 'application/json; charset=UTF-8';
const MSG_TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
  'miniprogram_notice',
  'template_card',
]);
// Interactive cards answer with a response_code (sheet §3.3).
const INTERACTIVE_CARDS = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);

/** WeCom errors carry a hint and a "more info" link in errmsg, like the real server's. */
function fail(errcode: number, errmsg: string): FakeReply {
  const hint = `hint: [${Math.floor(Date.now() / 1000)}_${randomId(8)}], from ip: 127.0.0.1`;
  return ok(
    {
      errcode,
      errmsg: `${errmsg}, ${hint}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`,
    },
    CONTENT_TYPE,
  );
}

function success(body: Record<string, unknown>): FakeReply {
  return ok({ errcode: 0, errmsg: 'ok', ...body }, CONTENT_TYPE);
}

function tokenFailure(check: Exclude<TokenCheck, { ok: true }>): FakeReply {
  switch (check.reason) {
    case 'missing':
      return fail(41001, 'access_token missing');
    case 'expired':
      return fail(42001, 'access_token expired');
    default:
      return fail(40014, 'invalid access_token');
  }
}

/** GET /cgi-bin/gettoken: one token per app secret, the same one while it is valid. */
function gettoken(req: FakeRequest, state: FakeState): FakeReply {
  const corpid = req.query.get('corpid');
  const secret = req.query.get('corpsecret');
  if (!corpid) return fail(41002, 'corpid missing');
  if (!secret) return fail(41004, 'corpsecret missing');
  const apps = state.appsWithId('wecom', corpid);
  if (apps.length === 0) return fail(40013, 'invalid corpid');
  const app = apps.find((a) => a.secret === secret);
  if (!app) return fail(40001, 'invalid secret');
  const token = state.currentToken(app, 'default') ?? state.issueToken(app, 'default', LIFETIME_MS.token, 0);
  return success({ access_token: token.value, expires_in: state.secondsLeft(token) });
}

/** GET /cgi-bin/miniprogram/jscode2session?access_token&js_code&grant_type → corpid + userid. */
function jscode2session(req: FakeRequest, state: FakeState): FakeReply {
  const check = state.checkToken('wecom', req.query.get('access_token'));
  if (!check.ok) return tokenFailure(check);
  const code = req.query.get('js_code');
  if (!code) return fail(41008, 'missing code');
  // Error for another grant_type is UNCONFIRMED (the sheet only gives the literal).
  if (req.query.get('grant_type') !== 'authorization_code') return fail(40002, 'invalid grant_type');
  const corpid = check.token.app.id;
  const redeemed = state.redeemCode('wecom', 'login', corpid, code);
  if (!redeemed.ok) return fail(40029, 'invalid code');
  return success({
    corpid,
    userid: redeemed.identity.userid,
    session_key: redeemed.identity.sessionKey ?? randomId(12),
  });
}

/**
 * POST /cgi-bin/message/send. Users outside the corp come back in `invaliduser` (lower-cased);
 * when nobody valid is left the send fails with 81013 (sheet §3.3).
 */
function messageSend(req: FakeRequest, state: FakeState): FakeReply {
  if (req.method !== 'POST') return fail(43002, 'require POST method');
  const check = state.checkToken('wecom', req.query.get('access_token'));
  if (!check.ok) return tokenFailure(check);
  const body = req.json;
  if (!isRecord(body)) return fail(47001, 'data format error');
  const app = check.token.app;
  // Not in the sheet: 40056 "invalid agentid" and 40008 "invalid message type" are WeCom global
  // codes; that message/send answers exactly these is UNCONFIRMED.
  if (typeof body.agentid !== 'number' || body.agentid !== app.agentId) return fail(40056, 'invalid agentid');
  const msgtype = stringField(body, 'msgtype');
  if (!msgtype || !MSG_TYPES.has(msgtype)) return fail(40008, 'invalid message type');
  if (!isRecord(body[msgtype])) return fail(47001, 'data format error');

  const touser = splitIds(body.touser);
  const all = touser.includes('@all');
  const valid = all ? ['@all'] : touser.filter((u) => state.isCorpUser(app.id, u));
  const invalidUsers = all
    ? []
    : touser.filter((u) => !state.isCorpUser(app.id, u)).map((u) => u.toLowerCase());
  // The fake knows no departments or tags: every party and tag id is reported invalid.
  const invalidParties = all ? [] : splitIds(body.toparty);
  const invalidTags = all ? [] : splitIds(body.totag);
  if (valid.length === 0) return fail(81013, 'user & party & tag all invalid');

  const extra: Record<string, unknown> = {};
  if (msgtype === 'template_card') {
    const card = body.template_card as Record<string, unknown>;
    const taskId = stringField(card, 'task_id');
    if (taskId !== undefined && !state.claimTaskId(app, taskId)) {
      return fail(42014, 'taskid has existed or empty or exceed max len');
    }
    if (INTERACTIVE_CARDS.has(String(card.card_type))) extra.response_code = randomId(24);
  }
  state.deliver({ platform: 'wecom', appId: app.id, path: req.path, recipients: valid, body });
  return success({
    invaliduser: invalidUsers.join('|'),
    invalidparty: invalidParties.join('|'),
    invalidtag: invalidTags.join('|'),
    unlicenseduser: '',
    msgid: randomId(20),
    ...extra,
  });
}

function splitIds(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value.split('|').filter((id) => id.length > 0);
}

export function routeWecom(req: FakeRequest, state: FakeState): FakeReply | undefined {
  switch (req.path) {
    case '/cgi-bin/gettoken':
      return gettoken(req, state);
    case '/cgi-bin/miniprogram/jscode2session':
      return jscode2session(req, state);
    case '/cgi-bin/message/send':
      return messageSend(req, state);
    default:
      return undefined;
  }
}
