import { MINUTE, getJson, postJson, query, startWithClock } from './spec-helpers';
import type { FakePlatforms } from './types';

const CORPID = 'ww0123456789abcdef';
const SECRET = 'repair-app-secret';
const AGENT = 1000002;

describe('fake WeCom', () => {
  let fake: FakePlatforms;
  let advance: (ms: number) => void;
  let base: string;

  beforeEach(async () => {
    ({ fake, advance } = await startWithClock());
    fake.addApp('wecom', { corpid: CORPID, secret: SECRET, agentId: AGENT, users: ['ZhangSan', 'lisi'] });
    base = fake.baseUrls.wecom;
  });

  afterEach(async () => {
    await fake.close();
  });

  const gettoken = (corpid = CORPID, corpsecret = SECRET) =>
    getJson(`${base}/cgi-bin/gettoken${query({ corpid, corpsecret })}`);
  const token = async (): Promise<string> => (await gettoken()).body.access_token as string;

  describe('cgi-bin/gettoken', () => {
    it('returns errcode 0 with the same token while it is valid', async () => {
      const first = (await gettoken()).body;
      expect(first).toEqual({ errcode: 0, errmsg: 'ok', access_token: expect.any(String), expires_in: 7200 });
      advance(MINUTE);
      const second = (await gettoken()).body;
      expect(second.access_token).toBe(first.access_token);
      expect(second.expires_in).toBe(7140);
    });

    it('refuses an unknown corpid with 40013 and a wrong secret with 40001', async () => {
      expect((await gettoken('wwnope')).body.errcode).toBe(40013);
      const wrong = (await gettoken(CORPID, 'wrong')).body;
      expect(wrong.errcode).toBe(40001);
      expect(wrong.errmsg).toMatch(
        /more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40001$/,
      );
    });

    it('issues a new token after expiry', async () => {
      const first = await token();
      advance(7200 * 1000);
      expect(await token()).not.toBe(first);
    });
  });

  describe('cgi-bin/miniprogram/jscode2session', () => {
    const login = async (code: string, accessToken?: string) =>
      getJson(
        `${base}/cgi-bin/miniprogram/jscode2session${query({
          access_token: accessToken ?? (await token()),
          js_code: code,
          grant_type: 'authorization_code',
        })}`,
      );

    it('returns corpid, userid and session_key with errcode 0', async () => {
      const code = fake.issueLoginCode('wecom', CORPID, { userid: 'ZhangSan', sessionKey: 'k==' });
      expect((await login(code)).body).toEqual({
        errcode: 0,
        errmsg: 'ok',
        corpid: CORPID,
        userid: 'ZhangSan',
        session_key: 'k==',
      });
    });

    it('refuses reused and expired codes with 40029', async () => {
      const code = fake.issueLoginCode('wecom', CORPID, { userid: 'lisi' });
      await login(code);
      expect((await login(code)).body.errcode).toBe(40029);
      const late = fake.issueLoginCode('wecom', CORPID, { userid: 'lisi' });
      advance(5 * MINUTE);
      expect((await login(late)).body.errcode).toBe(40029);
    });

    it('answers 40014 for an unknown token, 42001 for an expired one, 41001 when missing', async () => {
      const code = fake.issueLoginCode('wecom', CORPID, { userid: 'lisi' });
      expect((await login(code, 'bogus')).body.errcode).toBe(40014);
      const accessToken = await token();
      fake.expireToken('wecom', 'all');
      expect((await login(code, accessToken)).body.errcode).toBe(42001);
      const missing = await getJson(`${base}/cgi-bin/miniprogram/jscode2session${query({ js_code: code })}`);
      expect(missing.body.errcode).toBe(41001);
    });
  });

  describe('cgi-bin/message/send', () => {
    const textcard = (extra: Record<string, unknown> = {}) => ({
      touser: 'ZhangSan|lisi',
      msgtype: 'textcard',
      agentid: AGENT,
      textcard: { title: '新工单', description: '3号楼漏水', url: 'https://example.com/t/1' },
      ...extra,
    });
    const send = async (body: unknown) =>
      postJson(`${base}/cgi-bin/message/send${query({ access_token: await token() })}`, body);

    it('delivers to corp members with errcode 0 and a msgid', async () => {
      const { body } = await send(textcard());
      expect(body).toEqual({
        errcode: 0,
        errmsg: 'ok',
        invaliduser: '',
        invalidparty: '',
        invalidtag: '',
        unlicenseduser: '',
        msgid: expect.any(String),
      });
      expect(fake.delivered('wecom')).toEqual([
        expect.objectContaining({ appId: CORPID, recipients: ['ZhangSan', 'lisi'], body: textcard() }),
      ]);
    });

    it('reports unknown users lower-cased in invaliduser', async () => {
      const { body } = await send(textcard({ touser: 'lisi|WangWu' }));
      expect(body.errcode).toBe(0);
      expect(body.invaliduser).toBe('wangwu');
    });

    it('answers 81013 when no recipient is valid', async () => {
      expect((await send(textcard({ touser: 'WangWu' }))).body.errcode).toBe(81013);
      expect(fake.delivered('wecom')).toHaveLength(0);
    });

    it('refuses a wrong or string agentid and an unknown msgtype', async () => {
      expect((await send(textcard({ agentid: 1 }))).body.errcode).toBe(40056);
      expect((await send(textcard({ agentid: String(AGENT) }))).body.errcode).toBe(40056);
      expect((await send(textcard({ msgtype: 'fax' }))).body.errcode).toBe(40008);
    });

    it('gives interactive cards a response_code and refuses a reused task_id with 42014', async () => {
      const card = {
        touser: 'lisi',
        msgtype: 'template_card',
        agentid: AGENT,
        template_card: {
          card_type: 'button_interaction',
          main_title: { title: '派单确认' },
          task_id: 'dispatch_1',
          button_list: [{ text: '接单', key: 'accept' }],
        },
      };
      const first = (await send(card)).body;
      expect(first.errcode).toBe(0);
      expect(first.response_code).toEqual(expect.any(String));
      expect((await send(card)).body.errcode).toBe(42014);
    });
  });
});
