import { MINUTE, getJson, postForm, postJson, query, startWithClock } from './spec-helpers';
import type { FakePlatforms } from './types';

const APP_KEY = 'dingabcdefghijk';
const SECRET = 'ding-secret';
const AGENT = 123456789;

describe('fake DingTalk', () => {
  let fake: FakePlatforms;
  let advance: (ms: number) => void;
  let oapi: string;
  let api: string;

  beforeEach(async () => {
    ({ fake, advance } = await startWithClock());
    fake.addApp('dingtalk', { appKey: APP_KEY, secret: SECRET, agentId: AGENT });
    oapi = fake.baseUrls.dingtalkOapi;
    api = fake.baseUrls.dingtalkApi;
  });

  afterEach(async () => {
    await fake.close();
  });

  const gettoken = (appkey = APP_KEY, appsecret = SECRET) =>
    getJson(`${oapi}/gettoken${query({ appkey, appsecret })}`);
  const token = async (): Promise<string> => (await gettoken()).body.access_token as string;

  describe('oapi gettoken', () => {
    it('returns errcode 0 with the same token while valid', async () => {
      const first = (await gettoken()).body;
      expect(first).toEqual({ errcode: 0, errmsg: 'ok', access_token: expect.any(String), expires_in: 7200 });
      expect((await gettoken()).body.access_token).toBe(first.access_token);
    });

    it('refuses wrong credentials with 40089', async () => {
      expect((await gettoken('dingnope')).body.errcode).toBe(40089);
      expect((await gettoken(APP_KEY, 'wrong')).body.errcode).toBe(40089);
    });
  });

  describe('api v1.0/oauth2/accessToken', () => {
    it('returns accessToken and expireIn for a JSON body', async () => {
      const { status, body } = await postJson(`${api}/v1.0/oauth2/accessToken`, {
        appKey: APP_KEY,
        appSecret: SECRET,
      });
      expect(status).toBe(200);
      expect(body).toEqual({ accessToken: expect.any(String), expireIn: 7200 });
      expect(body.accessToken).toBe(await token());
    });

    it('answers 400 for a form body and for wrong credentials', async () => {
      const form = await postForm(`${api}/v1.0/oauth2/accessToken`, { appKey: APP_KEY, appSecret: SECRET });
      expect(form.status).toBe(400);
      expect(form.body).toMatchObject({ message: 'body is mandatory', requestid: expect.any(String) });
      const wrong = await postJson(`${api}/v1.0/oauth2/accessToken`, { appKey: APP_KEY, appSecret: 'x' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('invalidClientIdOrSecret');
    });
  });

  describe('topapi/v2/user/getuserinfo', () => {
    const userinfo = async (code: string, accessToken?: string) =>
      postJson(
        `${oapi}/topapi/v2/user/getuserinfo${query({ access_token: accessToken ?? (await token()) })}`,
        {
          code,
        },
      );

    it('returns the user under result with errcode 0', async () => {
      const code = fake.issueLoginCode('dingtalk', APP_KEY, {
        userid: 'manager4220',
        unionid: 'un-1',
        name: '张三',
      });
      const { body } = await userinfo(code);
      expect(body).toMatchObject({
        errcode: 0,
        errmsg: 'ok',
        request_id: expect.any(String),
        result: { userid: 'manager4220', unionid: 'un-1', name: '张三', sys: false, sys_level: 0 },
      });
    });

    it('refuses reused and expired codes with 40078', async () => {
      const code = fake.issueLoginCode('dingtalk', APP_KEY, { userid: 'u1' });
      await userinfo(code);
      expect((await userinfo(code)).body.errcode).toBe(40078);
      const late = fake.issueLoginCode('dingtalk', APP_KEY, { userid: 'u1' });
      advance(5 * MINUTE);
      expect((await userinfo(late)).body.errcode).toBe(40078);
    });

    it('answers 40014 for an unknown token and 42001 for an expired one', async () => {
      const code = fake.issueLoginCode('dingtalk', APP_KEY, { userid: 'u1' });
      expect((await userinfo(code, 'bogus')).body.errcode).toBe(40014);
      const accessToken = await token();
      fake.expireToken('dingtalk', accessToken);
      expect((await userinfo(code, accessToken)).body.errcode).toBe(42001);
    });
  });

  describe('topapi/message/corpconversation/asyncsend_v2', () => {
    const message = (extra: Record<string, unknown> = {}) => ({
      agent_id: AGENT,
      userid_list: 'u1,u2',
      msg: { msgtype: 'markdown', markdown: { title: '新工单', text: '## 3号楼漏水' } },
      ...extra,
    });
    const send = async (body: unknown) =>
      postJson(
        `${oapi}/topapi/message/corpconversation/asyncsend_v2${query({ access_token: await token() })}`,
        body,
      );

    it('accepts a send with a numeric task_id and records it', async () => {
      const { body } = await send(message());
      expect(body).toEqual({
        errcode: 0,
        errmsg: 'ok',
        task_id: expect.any(Number),
        request_id: expect.any(String),
      });
      expect(fake.delivered('dingtalk')).toEqual([
        expect.objectContaining({ appId: APP_KEY, recipients: ['u1', 'u2'], body: message() }),
      ]);
    });

    it('accepts the form-encoded variant with msg as a JSON string', async () => {
      const accessToken = await token();
      const { body } = await postForm(
        `${oapi}/topapi/message/corpconversation/asyncsend_v2${query({ access_token: accessToken })}`,
        { agent_id: String(AGENT), userid_list: 'u1', msg: JSON.stringify(message().msg) },
      );
      expect(body.errcode).toBe(0);
      expect(fake.delivered('dingtalk')[0].body.msg).toEqual(message().msg);
    });

    it.each([
      ['a wrong agent_id', { agent_id: 1 }],
      ['no recipients', { userid_list: undefined }],
      ['an unknown msgtype', { msg: { msgtype: 'fax', fax: {} } }],
      ['a msg without its content', { msg: { msgtype: 'markdown' } }],
    ])('refuses %s with 40035', async (_name, extra) => {
      expect((await send(message(extra))).body.errcode).toBe(40035);
      expect(fake.delivered('dingtalk')).toHaveLength(0);
    });
  });
});
