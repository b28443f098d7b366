import { BAIDU_INVALID_CODE_ERRNO } from './baidu.routes';
import { MINUTE, getJson, postForm, query, startWithClock } from './spec-helpers';
import type { FakePlatforms } from './types';

const APP_KEY = 'baiduAppKey123';
const SECRET = 'baidu-secret';

describe('fake Baidu', () => {
  let fake: FakePlatforms;
  let advance: (ms: number) => void;
  let base: string;

  beforeEach(async () => {
    ({ fake, advance } = await startWithClock());
    fake.addApp('baidu', { appKey: APP_KEY, secret: SECRET });
    base = fake.baseUrls.baidu;
  });

  afterEach(async () => {
    await fake.close();
  });

  const tokenReply = (clientSecret = SECRET, clientId = APP_KEY) =>
    getJson(
      `${base}/oauth/2.0/token${query({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'smartapp_snsapi_base',
      })}`,
    );
  const token = async (): Promise<string> => (await tokenReply()).body.access_token as string;
  const sessionKey = (accessToken: string, code: string) =>
    getJson(`${base}/rest/2.0/smartapp/getsessionkey${query({ access_token: accessToken, code })}`);

  it('issues a 30-day token', async () => {
    const { status, body } = await tokenReply();
    expect(status).toBe(200);
    expect(body).toMatchObject({ expires_in: 2592000, scope: 'smartapp_snsapi_base' });
    expect(body.access_token).toMatch(/^24\.[0-9a-f]+\.2592000\.\d+\.\d+-\d+$/);
  });

  it('refuses a wrong client with invalid_client', async () => {
    const wrong = await tokenReply('wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect((await tokenReply(SECRET, 'nope')).body.error).toBe('invalid_client');
  });

  it('exchanges a code for open_id and session_key with errno 0', async () => {
    const code = fake.issueLoginCode('baidu', APP_KEY, { openid: 'bd-open-1', sessionKey: 'bsk' });
    const { body } = await sessionKey(await token(), code);
    expect(body).toMatchObject({
      errno: 0,
      msg: 'success',
      data: { open_id: 'bd-open-1', session_key: 'bsk' },
    });
  });

  it('accepts POST with the parameters in the query or a form body', async () => {
    const accessToken = await token();
    const code = fake.issueLoginCode('baidu', APP_KEY, { openid: 'bd-open-1' });
    const { body } = await postForm(
      `${base}/rest/2.0/smartapp/getsessionkey${query({ access_token: accessToken })}`,
      {
        code,
      },
    );
    expect(body.errno).toBe(0);
  });

  it('refuses reused codes and codes older than ten minutes', async () => {
    const accessToken = await token();
    const code = fake.issueLoginCode('baidu', APP_KEY, { openid: 'bd-open-1' });
    await sessionKey(accessToken, code);
    expect((await sessionKey(accessToken, code)).body.errno).toBe(BAIDU_INVALID_CODE_ERRNO);
    const late = fake.issueLoginCode('baidu', APP_KEY, { openid: 'bd-open-1' });
    advance(9 * MINUTE);
    const stillValid = fake.issueLoginCode('baidu', APP_KEY, { openid: 'bd-open-2' });
    advance(MINUTE);
    expect((await sessionKey(accessToken, late)).body.errno).toBe(BAIDU_INVALID_CODE_ERRNO);
    expect((await sessionKey(accessToken, stillValid)).body.errno).toBe(0);
  });

  it('answers error_code 110 for an unknown token and 111 for an expired one', async () => {
    const code = fake.issueLoginCode('baidu', APP_KEY, { openid: 'bd-open-1' });
    expect((await sessionKey('bogus', code)).body.error_code).toBe(110);
    const accessToken = await token();
    fake.expireToken('baidu', 'all');
    expect((await sessionKey(accessToken, code)).body.error_code).toBe(111);
  });
});
