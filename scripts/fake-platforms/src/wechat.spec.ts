import { MINUTE, getJson, postJson, query, startWithClock } from './spec-helpers';
import type { FakePlatforms } from './types';

const APPID = 'wx1234567890abcdef';
const SECRET = 'wechat-secret';
const TEMPLATE = 'tmpl-ticket-status';

describe('fake WeChat', () => {
  let fake: FakePlatforms;
  let advance: (ms: number) => void;
  let base: string;

  beforeEach(async () => {
    ({ fake, advance } = await startWithClock());
    fake.addApp('wechat', {
      appid: APPID,
      secret: SECRET,
      pages: ['pages/index/index', 'pages/ticket/detail'],
    });
    base = fake.baseUrls.wechat;
  });

  afterEach(async () => {
    await fake.close();
  });

  const classicToken = async (): Promise<string> => {
    const { body } = await getJson(
      `${base}/cgi-bin/token${query({ grant_type: 'client_credential', appid: APPID, secret: SECRET })}`,
    );
    return body.access_token as string;
  };

  describe('cgi-bin/token', () => {
    it('issues a token with expires_in 7200 and no errcode', async () => {
      const { status, body } = await getJson(
        `${base}/cgi-bin/token${query({ grant_type: 'client_credential', appid: APPID, secret: SECRET })}`,
      );
      expect(status).toBe(200);
      expect(body).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    });

    it.each([
      [{ grant_type: 'client_credential', appid: 'wxunknown', secret: SECRET }, 40013],
      [{ grant_type: 'client_credential', appid: APPID, secret: 'wrong' }, 40001],
      [{ grant_type: 'client_credential', secret: SECRET }, 41002],
      [{ grant_type: 'client_credential', appid: APPID }, 41004],
      [{ grant_type: 'password', appid: APPID, secret: SECRET }, 40002],
    ])('refuses %j with errcode %i', async (params, errcode) => {
      const { status, body } = await getJson(`${base}/cgi-bin/token${query(params)}`);
      expect(status).toBe(200);
      expect(body.errcode).toBe(errcode);
      expect(body.errmsg).toMatch(/rid: /);
    });

    it('keeps a replaced token working for five minutes, then answers 40001', async () => {
      const first = await classicToken();
      const second = await classicToken();
      expect(second).not.toBe(first);
      const send = (token: string) =>
        postJson(`${base}/wxa/business/getuserphonenumber${query({ access_token: token })}`, {
          code: 'nope',
        });
      expect((await send(first)).body.errcode).toBe(40029);
      advance(5 * MINUTE + 1);
      expect((await send(first)).body.errcode).toBe(40001);
      expect((await send(second)).body.errcode).toBe(40029);
    });

    it('answers 42001 once the token has expired by time or by expireToken', async () => {
      const token = await classicToken();
      const url = `${base}/wxa/business/getuserphonenumber${query({ access_token: token })}`;
      advance(7200 * 1000);
      expect((await postJson(url, { code: 'x' })).body.errcode).toBe(42001);

      const fresh = await classicToken();
      expect(fake.expireToken('wechat', fresh)).toBe(1);
      const again = await postJson(
        `${base}/wxa/business/getuserphonenumber${query({ access_token: fresh })}`,
        {
          code: 'x',
        },
      );
      expect(again.body.errcode).toBe(42001);
    });

    it('answers 40001 for an unknown token and 41001 for a missing one', async () => {
      const unknown = await postJson(
        `${base}/cgi-bin/message/subscribe/send${query({ access_token: 'bogus' })}`,
        {},
      );
      expect(unknown.body.errcode).toBe(40001);
      const missing = await postJson(`${base}/cgi-bin/message/subscribe/send`, {});
      expect(missing.body.errcode).toBe(41001);
    });
  });

  describe('cgi-bin/stable_token', () => {
    const stable = (extra: Record<string, unknown> = {}) =>
      postJson(`${base}/cgi-bin/stable_token`, {
        grant_type: 'client_credential',
        appid: APPID,
        secret: SECRET,
        ...extra,
      });

    it('returns the same token while valid and a new one on force_refresh', async () => {
      const a = (await stable()).body;
      advance(MINUTE);
      const b = (await stable()).body;
      expect(b.access_token).toBe(a.access_token);
      expect(b.expires_in).toBe(7200 - 60);
      const c = (await stable({ force_refresh: true })).body;
      expect(c.access_token).not.toBe(a.access_token);
      expect(c.expires_in).toBe(7200);
    });

    it('is independent of the classic token family', async () => {
      const a = (await stable()).body.access_token;
      await classicToken();
      expect((await stable()).body.access_token).toBe(a);
    });

    it('refuses a wrong secret with 40125', async () => {
      expect((await stable({ secret: 'wrong' })).body.errcode).toBe(40125);
    });
  });

  describe('sns/jscode2session', () => {
    const login = (code: string, extra: Record<string, string> = {}) =>
      getJson(
        `${base}/sns/jscode2session${query({
          appid: APPID,
          secret: SECRET,
          js_code: code,
          grant_type: 'authorization_code',
          ...extra,
        })}`,
      );

    it('exchanges a code for openid, session_key and unionid without errcode', async () => {
      const code = fake.issueLoginCode('wechat', APPID, {
        openid: 'o-1',
        unionid: 'u-1',
        sessionKey: 'sk==',
      });
      const { body } = await login(code);
      expect(body).toEqual({ openid: 'o-1', unionid: 'u-1', session_key: 'sk==' });
    });

    it('omits unionid when the user has none', async () => {
      const { body } = await login(fake.issueLoginCode('wechat', APPID, { openid: 'o-2' }));
      expect(body).not.toHaveProperty('unionid');
      expect(body.session_key).toEqual(expect.any(String));
    });

    it('refuses a reused code with 40029', async () => {
      const code = fake.issueLoginCode('wechat', APPID, { openid: 'o-1' });
      expect((await login(code)).body.openid).toBe('o-1');
      expect((await login(code)).body.errcode).toBe(40029);
    });

    it('refuses a code older than five minutes with 40029', async () => {
      const code = fake.issueLoginCode('wechat', APPID, { openid: 'o-1' });
      advance(5 * MINUTE);
      expect((await login(code)).body.errcode).toBe(40029);
    });

    it('refuses a code issued for another appid with 40029', async () => {
      fake.addApp('wechat', { appid: 'wxother', secret: 'other' });
      const code = fake.issueLoginCode('wechat', 'wxother', { openid: 'o-9' });
      expect((await login(code)).body.errcode).toBe(40029);
    });

    it('refuses wrong credentials with 40013 / 40125 and POST with 41002', async () => {
      const code = fake.issueLoginCode('wechat', APPID, { openid: 'o-1' });
      expect((await login(code, { appid: 'wxnope' })).body.errcode).toBe(40013);
      expect((await login(code, { secret: 'wrong' })).body.errcode).toBe(40125);
      const post = await postJson(
        `${base}/sns/jscode2session${query({ appid: APPID, secret: SECRET, js_code: code })}`,
        {},
      );
      expect(post.body.errcode).toBe(41002);
      // None of the refusals spent the code.
      expect((await login(code)).body.openid).toBe('o-1');
    });

    it('can answer 40163 for reuse when configured', async () => {
      await fake.close();
      ({ fake } = await startWithClock({ wechatLoginCodeReuseErrcode: 40163 }));
      fake.addApp('wechat', { appid: APPID, secret: SECRET });
      base = fake.baseUrls.wechat;
      const code = fake.issueLoginCode('wechat', APPID, { openid: 'o-1' });
      await login(code);
      expect((await login(code)).body.errcode).toBe(40163);
    });
  });

  describe('sns/oauth2/access_token', () => {
    const exchange = (code: string) =>
      getJson(
        `${base}/sns/oauth2/access_token${query({ appid: APPID, secret: SECRET, code, grant_type: 'authorization_code' })}`,
      );

    it('returns a user token with openid, then 40163 when the code is reused', async () => {
      const code = fake.issueLoginCode('wechat', APPID, { openid: 'oa-1', unionid: 'u-1' });
      const { body } = await exchange(code);
      expect(body).toEqual({
        access_token: expect.any(String),
        expires_in: 7200,
        refresh_token: expect.any(String),
        openid: 'oa-1',
        scope: 'snsapi_base',
        unionid: 'u-1',
      });
      expect((await exchange(code)).body.errcode).toBe(40163);
      expect((await exchange('never-issued')).body.errcode).toBe(40029);
    });
  });

  describe('wxa/business/getuserphonenumber', () => {
    const phone = async (body: Record<string, unknown>) =>
      postJson(
        `${base}/wxa/business/getuserphonenumber${query({ access_token: await classicToken() })}`,
        body,
      );

    it('returns phone_info with watermark and errcode 0', async () => {
      const code = fake.issuePhoneCode(APPID, '13800000000');
      const { body } = await phone({ code });
      expect(body).toEqual({
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: '13800000000',
          purePhoneNumber: '13800000000',
          countryCode: '86',
          watermark: { timestamp: Date.UTC(2025, 0, 1, 4, 0, 0) / 1000, appid: APPID },
        },
      });
    });

    it('refuses reused, expired, login and openid-mismatched codes with 40029', async () => {
      const code = fake.issuePhoneCode(APPID, '13800000000');
      await phone({ code });
      expect((await phone({ code })).body.errcode).toBe(40029);

      const late = fake.issuePhoneCode(APPID, '13800000001');
      advance(5 * MINUTE);
      expect((await phone({ code: late })).body.errcode).toBe(40029);

      const loginCode = fake.issueLoginCode('wechat', APPID, { openid: 'o-1' });
      expect((await phone({ code: loginCode })).body.errcode).toBe(40029);

      const bound = fake.issuePhoneCode(APPID, '13800000002', { openid: 'o-1' });
      expect((await phone({ code: bound, openid: 'o-2' })).body.errcode).toBe(40029);
    });
  });

  describe('cgi-bin/message/subscribe/send', () => {
    const message = (extra: Record<string, unknown> = {}) => ({
      touser: 'o-1',
      template_id: TEMPLATE,
      page: 'pages/ticket/detail?id=5',
      data: { thing1: { value: '工单已受理' }, time2: { value: '2025-01-01 12:00' } },
      ...extra,
    });
    const send = async (body: unknown) =>
      postJson(
        `${base}/cgi-bin/message/subscribe/send${query({ access_token: await classicToken() })}`,
        body,
      );

    it('delivers one message per consent, then answers 43101', async () => {
      fake.grantSubscribe(APPID, 'o-1', TEMPLATE, 1);
      expect((await send(message())).body).toEqual({ errcode: 0, errmsg: 'ok' });
      expect((await send(message())).body.errcode).toBe(43101);
      const delivered = fake.delivered('wechat');
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({
        appId: APPID,
        path: '/cgi-bin/message/subscribe/send',
        recipients: ['o-1'],
        body: message(),
      });
      expect(delivered[0].at).toBeInstanceOf(Date);
    });

    it('counts consents per template', async () => {
      fake.grantSubscribe(APPID, 'o-1', TEMPLATE, 2);
      fake.grantSubscribe(APPID, 'o-1', 'tmpl-other', 0);
      expect((await send(message({ template_id: 'tmpl-other' }))).body.errcode).toBe(43101);
      expect((await send(message())).body.errcode).toBe(0);
      expect((await send(message())).body.errcode).toBe(0);
      expect((await send(message())).body.errcode).toBe(43101);
    });

    it.each([
      ['an unknown openid', { touser: 'o-stranger' }, 40003],
      ['an empty touser', { touser: '' }, 40003],
      ['an unknown template', { template_id: 'tmpl-nope' }, 40037],
      ['data as a JSON string', { data: '{"thing1":{"value":"x"}}' }, 47003],
      ['a .DATA suffix', { data: { 'thing1.DATA': { value: 'x' } } }, 47003],
      ['a value that is not a string', { data: { thing1: { value: 5 } } }, 47003],
      ['a page not in the release', { page: 'pages/missing/index' }, 41030],
      ['an unknown miniprogram_state', { miniprogram_state: 'beta' }, 47003],
    ])('refuses %s', async (_name, extra, errcode) => {
      fake.grantSubscribe(APPID, 'o-1', TEMPLATE, 1);
      expect((await send(message(extra))).body.errcode).toBe(errcode);
      expect(fake.delivered('wechat')).toHaveLength(0);
    });

    it('names the bad field in the 47003 errmsg', async () => {
      fake.grantSubscribe(APPID, 'o-1', TEMPLATE, 1);
      const { body } = await send(message({ data: { 'thing1.DATA': { value: 'x' } } }));
      expect(body.errmsg).toMatch(/^argument invalid! data\.thing1\.DATA\.value invalid/);
    });
  });
});
