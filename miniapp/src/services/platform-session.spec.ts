import { fakePlatform, codesInOrder } from '../../test/fake-platform';
import { fail, fakeApi, ok, RESIDENT, userWith } from '../../test/fake-api';
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
