import { type FakePlatforms, startFakePlatforms } from '@smart-repair/fake-platforms';
import { PlatformTokenEntity } from '../../src/platforms/platform-token.entity';
import { PlatformTokensService } from '../../src/platforms/platform-tokens.service';
import {
  PlatformError,
  fetchPlatformToken,
  requestPlatformJson,
  type PlatformApp,
} from '../../src/platforms/token-clients';
import { startTestApp, type TestApp } from '../support/test-app';

let fake: FakePlatforms;
let t: TestApp;
let tokens: PlatformTokensService;
let appCount = 0;

/** A WeChat app of its own per test, so counts and rows never leak between tests. */
function wechatApp(): PlatformApp {
  appCount += 1;
  const app: PlatformApp = {
    platform: 'wechat',
    appId: `wx-token-${appCount}`,
    secret: `secret-${appCount}`,
    baseUrl: fake.baseUrls.wechat,
  };
  fake.addApp('wechat', { appid: app.appId, secret: app.secret });
  return app;
}

/** A real token-taking WeChat API: trades a phone code for the number. */
async function phoneNumberOf(app: PlatformApp, token: string, code: string): Promise<string> {
  const body = await requestPlatformJson(
    'wechat',
    `${app.baseUrl}/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`,
    { method: 'POST', json: { code } },
  );
  return (body.phone_info as { purePhoneNumber: string }).purePhoneNumber;
}

function row(app: PlatformApp): Promise<PlatformTokenEntity | null> {
  return t.dataSource
    .getRepository(PlatformTokenEntity)
    .findOneBy({ platform: app.platform, appId: app.appId });
}

async function rejection(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

beforeAll(async () => {
  fake = await startFakePlatforms({ port: 0 });
  t = await startTestApp();
  tokens = t.app.get(PlatformTokensService);
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('platform tokens (WeChat)', () => {
  it('fetches a token once, stores it and reuses it', async () => {
    const app = wechatApp();
    const before = fake.calls('/cgi-bin/token');
    const first = await tokens.get(app);
    const second = await tokens.get(app);
    expect(second).toBe(first);
    expect(fake.calls('/cgi-bin/token') - before).toBe(1);
    const stored = await row(app);
    expect(stored?.token).toBe(first);
    expect(stored?.refreshingUntil).toBeNull();
    // expires_in is 7200 s: the stored expiry is about two hours away.
    expect(stored!.expiresAt.getTime() - Date.now()).toBeGreaterThan(7100_000);
    // The token is one the platform accepts.
    const code = fake.issuePhoneCode(app.appId, '13800000001');
    await expect(phoneNumberOf(app, first, code)).resolves.toBe('13800000001');
  });

  it('serves 100 concurrent callers with one fetch', async () => {
    const app = wechatApp();
    const before = fake.calls('/cgi-bin/token');
    const got = await Promise.all(Array.from({ length: 100 }, () => tokens.get(app)));
    expect(new Set(got).size).toBe(1);
    expect(fake.calls('/cgi-bin/token') - before).toBe(1);
  });

  it('refreshes once and retries once when the platform says the token expired', async () => {
    const app = wechatApp();
    const old = await tokens.get(app);
    expect(fake.expireToken('wechat', old)).toBe(1);
    const before = fake.calls('/cgi-bin/token');
    const beforeApi = fake.calls('/wxa/business/getuserphonenumber');
    const seen: string[] = [];
    const code = fake.issuePhoneCode(app.appId, '13800000002');
    const phone = await tokens.call(app, (token) => {
      seen.push(token);
      return phoneNumberOf(app, token, code);
    });
    expect(phone).toBe('13800000002');
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(old);
    expect(seen[1]).not.toBe(old);
    expect(fake.calls('/cgi-bin/token') - before).toBe(1);
    expect(fake.calls('/wxa/business/getuserphonenumber') - beforeApi).toBe(2);
    expect((await row(app))?.token).toBe(seen[1]);
  });

  it('shares one refresh among concurrent calls refused with 42001', async () => {
    const app = wechatApp();
    const old = await tokens.get(app);
    fake.expireToken('wechat', old);
    const before = fake.calls('/cgi-bin/token');
    const phones = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const code = fake.issuePhoneCode(app.appId, `1390000000${i}`);
        return tokens.call(app, (token) => phoneNumberOf(app, token, code));
      }),
    );
    expect(phones).toEqual(Array.from({ length: 10 }, (_, i) => `1390000000${i}`));
    expect(fake.calls('/cgi-bin/token') - before).toBe(1);
  });

  it('retries only once: a second refusal surfaces', async () => {
    const app = wechatApp();
    await tokens.get(app);
    const before = fake.calls('/cgi-bin/token');
    let attempts = 0;
    const error = await rejection(
      tokens.call(app, () => {
        attempts += 1;
        return Promise.reject(new PlatformError('wechat', 40014, 'invalid access_token', false));
      }),
    );
    expect(error.code).toBe(40014);
    expect(attempts).toBe(2);
    expect(fake.calls('/cgi-bin/token') - before).toBe(1);
  });

  it('does not refresh on errors that are not about the token', async () => {
    const app = wechatApp();
    const token = await tokens.get(app);
    const before = fake.calls('/cgi-bin/token');
    const error = await rejection(tokens.call(app, (tk) => phoneNumberOf(app, tk, 'no-such-code')));
    expect(error.code).toBe(40029);
    expect(fake.calls('/cgi-bin/token') - before).toBe(0);
    expect((await row(app))?.token).toBe(token);
  });

  it('refreshes a token with less than five minutes left before using it', async () => {
    const app = wechatApp();
    const old = await tokens.get(app);
    await t.dataSource
      .getRepository(PlatformTokenEntity)
      .update({ platform: app.platform, appId: app.appId }, { expiresAt: new Date(Date.now() + 4 * 60_000) });
    const before = fake.calls('/cgi-bin/token');
    const fresh = await tokens.get(app);
    expect(fresh).not.toBe(old);
    expect(fake.calls('/cgi-bin/token') - before).toBe(1);
    expect((await row(app))!.expiresAt.getTime() - Date.now()).toBeGreaterThan(7100_000);
  });

  it('two server processes on one database fetch one token between them', async () => {
    const second = await startTestApp({}, { shareDatabaseWith: t });
    try {
      const other = second.app.get(PlatformTokensService);
      const app = wechatApp();
      const before = fake.calls('/cgi-bin/token');
      const got = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? tokens : other).get(app)),
      );
      expect(new Set(got).size).toBe(1);
      expect(fake.calls('/cgi-bin/token') - before).toBe(1);

      // After the platform refuses the token, both processes end up with one new token.
      fake.expireToken('wechat', got[0]);
      const retried = await Promise.all(
        [tokens, other].map((service) =>
          service.call(app, (token) =>
            phoneNumberOf(app, token, fake.issuePhoneCode(app.appId, '13700000000')),
          ),
        ),
      );
      expect(retried).toEqual(['13700000000', '13700000000']);
      expect(fake.calls('/cgi-bin/token') - before).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('surfaces a retryable error when the token endpoint fails, and recovers on the next call', async () => {
    const app = wechatApp();
    fake.failNext('/cgi-bin/token', 1);
    const error = await rejection(tokens.get(app));
    expect(error.retryable).toBe(true);
    expect(error.platform).toBe('wechat');
    // The failed refresh gave its lease back: the next caller fetches at once.
    expect((await row(app))?.refreshingUntil).toBeNull();
    const token = await tokens.get(app);
    expect(token).toMatch(/\S/);

    fake.failNext('/cgi-bin/token', 1, { errcode: -1 });
    const busy = await rejection(fetchPlatformToken(app));
    expect(busy).toMatchObject({ code: -1, retryable: true });
  });

  it('times out a platform that does not answer', async () => {
    const app = wechatApp();
    fake.failNext('/cgi-bin/token', 1, { delayMs: 1000 });
    const error = await rejection(fetchPlatformToken(app, 100));
    expect(error).toMatchObject({ platform: 'wechat', code: 'timeout', retryable: true });
  });

  it('reports a wrong secret as a non-retryable error with the platform code, without the secret', async () => {
    const app = { ...wechatApp(), secret: 'wrong-secret' };
    const error = await rejection(tokens.get(app));
    expect(error).toMatchObject({ platform: 'wechat', code: 40001, retryable: false });
    expect(error.message).not.toContain('wrong-secret');
    const unknown = await rejection(tokens.get({ ...app, appId: 'wx-not-registered' }));
    expect(unknown).toMatchObject({ code: 40013, retryable: false });
    expect(JSON.stringify(t.logs)).not.toContain('wrong-secret');
  });
});

describe('platform tokens (WeCom, DingTalk, Baidu)', () => {
  it('fetches and caches a WeCom token', async () => {
    const app: PlatformApp = {
      platform: 'wecom',
      appId: 'ww-token',
      secret: 'corp-secret',
      baseUrl: fake.baseUrls.wecom,
    };
    fake.addApp('wecom', { corpid: app.appId, secret: app.secret });
    const before = fake.calls('/cgi-bin/gettoken');
    const got = await Promise.all(Array.from({ length: 10 }, () => tokens.get(app)));
    expect(new Set(got).size).toBe(1);
    expect(await tokens.get(app)).toBe(got[0]);
    expect(fake.calls('/cgi-bin/gettoken') - before).toBe(1);

    const wrong = await rejection(tokens.get({ ...app, appId: 'ww-other', secret: 'x' }));
    expect(wrong).toMatchObject({ platform: 'wecom', code: 40013, retryable: false });
    fake.addApp('wecom', { corpid: 'ww-other', secret: 'right' });
    const badSecret = await rejection(fetchPlatformToken({ ...app, appId: 'ww-other', secret: 'x' }));
    expect(badSecret).toMatchObject({ code: 40001, retryable: false });
  });

  it('fetches and caches a DingTalk token from the new API', async () => {
    const app: PlatformApp = {
      platform: 'dingtalk',
      appId: 'ding-token',
      secret: 'ding-secret',
      baseUrl: fake.baseUrls.dingtalkApi,
    };
    fake.addApp('dingtalk', { appKey: app.appId, secret: app.secret });
    const before = fake.calls('/v1.0/oauth2/accessToken');
    const first = await tokens.get(app);
    expect(await tokens.get(app)).toBe(first);
    expect(fake.calls('/v1.0/oauth2/accessToken') - before).toBe(1);
    expect((await row(app))!.expiresAt.getTime() - Date.now()).toBeGreaterThan(7100_000);

    const wrong = await rejection(fetchPlatformToken({ ...app, secret: 'wrong' }));
    expect(wrong).toMatchObject({ platform: 'dingtalk', code: 'invalidClientIdOrSecret', retryable: false });
    fake.failNext('/v1.0/oauth2/accessToken', 1, { status: 503 });
    expect(await rejection(fetchPlatformToken(app))).toMatchObject({ retryable: true });
  });

  it('refreshes a DingTalk token refused by an oapi call and retries once', async () => {
    const app: PlatformApp = {
      platform: 'dingtalk',
      appId: 'ding-retry',
      secret: 'ding-secret',
      baseUrl: fake.baseUrls.dingtalkApi,
    };
    fake.addApp('dingtalk', { appKey: app.appId, secret: app.secret });
    const old = await tokens.get(app);
    fake.expireToken('dingtalk', old);
    const before = fake.calls('/v1.0/oauth2/accessToken');
    const code = fake.issueLoginCode('dingtalk', app.appId, { userid: 'manager1' });
    const userid = await tokens.call(app, async (token) => {
      const body = await requestPlatformJson(
        'dingtalk',
        `${fake.baseUrls.dingtalkOapi}/topapi/v2/user/getuserinfo?access_token=${encodeURIComponent(token)}`,
        { method: 'POST', json: { code } },
      );
      return (body.result as { userid: string }).userid;
    });
    expect(userid).toBe('manager1');
    expect(fake.calls('/v1.0/oauth2/accessToken') - before).toBe(1);
  });

  it('fetches a Baidu token and reports invalid_client', async () => {
    const app: PlatformApp = {
      platform: 'baidu',
      appId: 'bd-token',
      secret: 'bd-secret',
      baseUrl: fake.baseUrls.baidu,
    };
    fake.addApp('baidu', { appKey: app.appId, secret: app.secret });
    const fetched = await fetchPlatformToken(app);
    expect(fetched.expiresInSeconds).toBeGreaterThan(29 * 24 * 3600);
    expect(await tokens.get(app)).toMatch(/\S/);
    const wrong = await rejection(fetchPlatformToken({ ...app, secret: 'wrong' }));
    expect(wrong).toMatchObject({ platform: 'baidu', code: 'invalid_client', retryable: false });
  });
});
