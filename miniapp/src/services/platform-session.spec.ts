import { fakePlatform, codesInOrder } from '../../test/fake-platform';
import { fail, fakeApi, ok, RESIDENT, userWith } from '../../test/fake-api';
import { browserAuthorisation } from '../platform/wechat-browser';
import { sessionStore } from '../stores/session';
import { platformEnrol } from './auth';
import { linkHostAccount, signInWithHostApp } from './platform-session';

jest.mock('../platform', () => ({ platform: jest.requireActual('../../test/fake-platform').fakePlatform }));

const session = (user = RESIDENT) => ({
  accessToken: 'a',
  refreshToken: 'r',
  accessTokenExpiresIn: 900,
  refreshTokenExpiresAt: '',
  user,
});

describe('signing in with the host app', () => {
  beforeEach(() => {
    sessionStore.clear();
    fakePlatform.loginCode.mockReset();
    codesInOrder();
    fakePlatform.login = { kind: 'wechat_miniprogram', appId: 'wxdemo5a1e0c7f3b2d' };
  });

  it('signs a known person in with this build’s app and a fresh code, and keeps the session', async () => {
    const api = fakeApi({
      'POST /auth/platform-login': () => ok({ outcome: 'signed_in', session: session() }),
    });

    await expect(signInWithHostApp()).resolves.toEqual({ step: 'signed_in', user: RESIDENT });

    expect(api.calls[0]!.body).toEqual({
      kind: 'wechat_miniprogram',
      appId: 'wxdemo5a1e0c7f3b2d',
      code: 'code-1',
    });
    expect(api.calls[0]!.authorization).toBeUndefined();
    expect(sessionStore.get()).toMatchObject({ accessToken: 'a', communityId: 'community-1' });
  });

  it('passes a scanned community along, so a new resident joins it without choosing', async () => {
    const api = fakeApi({
      'POST /auth/platform-login': () => ok({ outcome: 'signed_in', session: session() }),
    });

    await signInWithHostApp('community-9');

    expect(api.calls[0]!.body).toMatchObject({ communityId: 'community-9' });
  });

  it('lets a new resident choose a community, then signs them in there', async () => {
    const communities = [
      { id: 'c1', name: '阳光花园' },
      { id: 'c2', name: '翠湖苑' },
    ];
    const api = fakeApi({
      'POST /auth/platform-login': () =>
        ok({ outcome: 'choose_community', enrolment: 'enrol-token', communities }),
      'POST /auth/platform-enrol': () => ok({ outcome: 'signed_in', session: session() }),
    });

    await expect(signInWithHostApp()).resolves.toEqual({
      step: 'choose_community',
      enrolment: 'enrol-token',
      communities,
    });
    expect(sessionStore.get()).toBeNull();

    await expect(platformEnrol('enrol-token', 'c2', '孙女士')).resolves.toEqual(RESIDENT);
    expect(api.calls[1]!.body).toEqual({ enrolment: 'enrol-token', communityId: 'c2', name: '孙女士' });
    expect(sessionStore.get()?.user.name).toBe('孙女士');
  });

  it('sends unlinked staff to the password login, then links their account with a new code', async () => {
    fakePlatform.login = { kind: 'wecom', appId: 'wwdemo7c2b9e4f1a06' };
    const engineer = userWith([{ role: 'engineer', communityId: 'c1', communityName: '阳光花园' }]);
    const api = fakeApi({
      'POST /auth/platform-login': () => fail(403, 'PLATFORM_ACCOUNT_NOT_LINKED'),
      'POST /auth/login': () => ok(session(engineer)),
      'POST /auth/platform-identities': (call) =>
        call.authorization === 'Bearer a'
          ? ok({ id: 'i1', kind: 'wecom', appId: 'wwdemo7c2b9e4f1a06', lastLoginAt: null }, 201)
          : fail(401, 'AUTH_REQUIRED'),
    });

    await expect(signInWithHostApp()).resolves.toEqual({ step: 'password', reason: 'not_linked' });
    const { login } = await import('./auth');
    await login('sunny-plumber', 'Repair#2026');
    await expect(linkHostAccount()).resolves.toMatchObject({ kind: 'wecom' });

    const link = api.calls.find((call) => call.path === '/auth/platform-identities')!;
    expect(link.body).toEqual({ kind: 'wecom', appId: 'wwdemo7c2b9e4f1a06', code: 'code-2' });
  });

  it('falls back to the password login with the reason when the platform fails', async () => {
    fakeApi({ 'POST /auth/platform-login': () => fail(503, 'PLATFORM_UNAVAILABLE') });
    await expect(signInWithHostApp()).resolves.toMatchObject({
      step: 'password',
      reason: 'failed',
      error: { code: 'PLATFORM_UNAVAILABLE' },
    });

    fakePlatform.loginCode.mockRejectedValueOnce({ errMsg: 'login:fail timeout' });
    await expect(signInWithHostApp()).resolves.toMatchObject({ reason: 'failed' });
  });

  it('asks nothing of a build without a host app (H5)', async () => {
    fakePlatform.login = null;
    const api = fakeApi({});

    await expect(signInWithHostApp()).resolves.toEqual({ step: 'password', reason: 'unavailable' });
    expect(api.calls).toHaveLength(0);
    expect(fakePlatform.loginCode).not.toHaveBeenCalled();
  });
});

describe('signing in through the official account (H5 inside WeChat)', () => {
  const OFFICIAL = { kind: 'wechat_official', appId: 'wx0a1f2e3d4c5b6a79' } as const;
  const AUTHORISE =
    'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx0a1f2e3d4c5b6a79#wechat_redirect';
  const open = jest.fn();

  /** WeChat sending the person back: its answer goes before the hash route. */
  const comeBack = (query: string) =>
    window.history.replaceState(null, '', `/?${query}#/pages/login/index?communityId=community-9`);

  beforeEach(() => {
    sessionStore.clear();
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/#/pages/login/index?communityId=community-9');
    open.mockReset();
    fakePlatform.loginCode.mockReset();
    fakePlatform.login = OFFICIAL;
    fakePlatform.authorisation = { ...browserAuthorisation, open };
  });
  afterAll(() => {
    fakePlatform.authorisation = null;
  });

  /** Leaves for the authorisation page; resolves with the state sent along. */
  async function leave(): Promise<string> {
    const api = fakeApi({ 'GET /auth/wechat-oauth-url': { url: AUTHORISE } });
    await expect(signInWithHostApp('community-9')).resolves.toEqual({ step: 'redirecting' });
    return api.calls[0]!.query.state!;
  }

  it('asks the server for the authorisation address back to this page, with a state kept in the tab, and goes there', async () => {
    const api = fakeApi({ 'GET /auth/wechat-oauth-url': { url: AUTHORISE } });

    await expect(signInWithHostApp('community-9')).resolves.toEqual({ step: 'redirecting' });

    expect(api.calls).toHaveLength(1);
    const { query, authorization } = api.calls[0]!;
    expect(query).toEqual({
      appId: 'wx0a1f2e3d4c5b6a79',
      redirectUri: 'http://localhost/#/pages/login/index?communityId=community-9',
      state: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(authorization).toBeUndefined();
    expect(window.sessionStorage.getItem('smart-repair.wechat-oauth-state')).toBe(query.state);
    expect(open).toHaveBeenCalledWith(AUTHORISE);
    expect(fakePlatform.loginCode).not.toHaveBeenCalled();
  });

  it('back with the code and the same state, signs in with the code and the scanned community', async () => {
    const state = await leave();
    comeBack(`code=oa-code-1&state=${state}`);
    const api = fakeApi({
      'POST /auth/platform-login': () => ok({ outcome: 'signed_in', session: session() }),
    });

    await expect(signInWithHostApp('community-9')).resolves.toEqual({ step: 'signed_in', user: RESIDENT });

    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /auth/platform-login']);
    expect(api.calls[0]!.body).toEqual({
      kind: 'wechat_official',
      appId: 'wx0a1f2e3d4c5b6a79',
      code: 'oa-code-1',
      communityId: 'community-9',
    });
    expect(sessionStore.get()).toMatchObject({ accessToken: 'a' });
    // The code is out of the address, and the state forgotten: neither can be used again.
    expect(window.location.href).toBe('http://localhost/#/pages/login/index?communityId=community-9');
    expect(window.sessionStorage.getItem('smart-repair.wechat-oauth-state')).toBeNull();
  });

  it('hands a new resident the communities to choose from', async () => {
    const state = await leave();
    comeBack(`code=oa-code-2&state=${state}`);
    const communities = [{ id: 'c1', name: '阳光花园' }];
    fakeApi({
      'POST /auth/platform-login': () =>
        ok({ outcome: 'choose_community', enrolment: 'enrol-token', communities }),
    });

    await expect(signInWithHostApp()).resolves.toEqual({
      step: 'choose_community',
      enrolment: 'enrol-token',
      communities,
    });
  });

  it('refuses an answer with another state, or when none was kept, without using its code', async () => {
    await leave();
    comeBack('code=oa-code-3&state=forged');
    const api = fakeApi({});

    await expect(signInWithHostApp()).resolves.toMatchObject({
      step: 'password',
      reason: 'failed',
      error: { code: 'SIGN_IN_STATE_MISMATCH' },
    });
    comeBack('code=oa-code-4&state=anything');
    await expect(signInWithHostApp()).resolves.toMatchObject({ error: { code: 'SIGN_IN_STATE_MISMATCH' } });
    expect(api.calls).toHaveLength(0);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('says why when the server refuses the code; trying again makes a new round trip', async () => {
    const state = await leave();
    comeBack(`code=oa-code-5&state=${state}`);
    fakeApi({ 'POST /auth/platform-login': () => fail(400, 'PLATFORM_CODE_INVALID') });

    await expect(signInWithHostApp()).resolves.toMatchObject({
      step: 'password',
      reason: 'failed',
      error: { code: 'PLATFORM_CODE_INVALID' },
    });

    const again = await leave();
    expect(again).not.toBe(state);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('tells unlinked staff to use their password (linking needs another round trip)', async () => {
    const state = await leave();
    comeBack(`code=oa-code-6&state=${state}`);
    fakeApi({ 'POST /auth/platform-login': () => fail(403, 'PLATFORM_ACCOUNT_NOT_LINKED') });

    await expect(signInWithHostApp()).resolves.toMatchObject({
      step: 'password',
      reason: 'failed',
      error: { code: 'PLATFORM_ACCOUNT_NOT_LINKED' },
    });
  });
});
