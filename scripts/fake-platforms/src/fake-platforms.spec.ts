import { startFakePlatforms } from './fake-platforms';
import { getJson, query } from './spec-helpers';
import type { FakePlatforms } from './types';

const APPID = 'wxcontrol';
const SECRET = 'control-secret';

describe('startFakePlatforms', () => {
  let fake: FakePlatforms;

  beforeEach(async () => {
    fake = await startFakePlatforms({ port: 0 });
    fake.addApp('wechat', { appid: APPID, secret: SECRET });
  });

  afterEach(async () => {
    await fake.close();
  });

  const tokenUrl = (): string =>
    `${fake.baseUrls.wechat}/cgi-bin/token${query({ grant_type: 'client_credential', appid: APPID, secret: SECRET })}`;

  it('serves every platform under its prefix on one 127.0.0.1 port', () => {
    const origin = `http://127.0.0.1:${fake.port}`;
    expect(fake.port).toBeGreaterThan(0);
    expect(fake.baseUrls).toEqual({
      wechat: `${origin}/wechat`,
      wecom: `${origin}/wecom`,
      dingtalkOapi: `${origin}/dingtalk-oapi`,
      dingtalkApi: `${origin}/dingtalk-api`,
      baidu: `${origin}/baidu`,
    });
  });

  it('answers 404 outside the known paths', async () => {
    expect((await getJson(`${fake.baseUrls.wechat}/cgi-bin/nope`)).status).toBe(404);
    expect((await getJson(`http://127.0.0.1:${fake.port}/elsewhere`)).status).toBe(404);
  });

  it('counts calls per path suffix', async () => {
    await getJson(tokenUrl());
    await getJson(tokenUrl());
    await getJson(`${fake.baseUrls.wecom}/cgi-bin/gettoken`);
    expect(fake.calls('/wechat/cgi-bin/token')).toBe(2);
    expect(fake.calls('cgi-bin/gettoken')).toBe(1);
    expect(fake.calls()).toBe(3);
  });

  it('fails the next n calls with an HTTP status, then recovers', async () => {
    fake.failNext('/cgi-bin/token', 2, { status: 503 });
    expect((await getJson(tokenUrl())).status).toBe(503);
    expect((await getJson(tokenUrl())).status).toBe(503);
    const third = await getJson(tokenUrl());
    expect(third.status).toBe(200);
    expect(third.body.access_token).toEqual(expect.any(String));
  });

  it('defaults an injected failure to HTTP 500', async () => {
    fake.failNext('/cgi-bin/token', 1);
    expect((await getJson(tokenUrl())).status).toBe(500);
  });

  it('fails with a platform errcode in an HTTP 200 body', async () => {
    fake.failNext('/cgi-bin/token', 1, { errcode: -1 });
    expect(await getJson(tokenUrl())).toEqual({ status: 200, body: { errcode: -1, errmsg: 'system error' } });
  });

  it('only fails calls whose path matches the suffix', async () => {
    fake.failNext('/sns/jscode2session', 1, { status: 500 });
    expect((await getJson(tokenUrl())).status).toBe(200);
  });

  it('delays a call past a client timeout, and a delay alone still answers normally', async () => {
    fake.failNext('/cgi-bin/token', 1, { delayMs: 500 });
    await expect(fetch(tokenUrl(), { signal: AbortSignal.timeout(100) })).rejects.toThrow();

    fake.failNext('/cgi-bin/token', 1, { delayMs: 50 });
    const started = Date.now();
    const reply = await getJson(tokenUrl());
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(reply.body.access_token).toEqual(expect.any(String));
  });

  it('refuses control calls for unregistered apps', () => {
    expect(() => fake.issueLoginCode('wechat', 'wxnobody', { openid: 'o' })).toThrow(/addApp/);
    expect(() => fake.issueLoginCode('wecom', APPID, { userid: 'u' })).toThrow(/addApp/);
    expect(() => fake.issueLoginCode('wechat', APPID, { userid: 'u' })).toThrow(/openid/);
  });

  it('closes while a delayed call is pending, and closing twice is harmless', async () => {
    fake.failNext('/cgi-bin/token', 1, { delayMs: 10_000 });
    const pending = fetch(tokenUrl()).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fake.close();
    expect(String(await pending)).toMatch(/fetch failed/);
    await expect(fake.close()).resolves.toBeUndefined();
  });
});
