import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { setRouterParams } from '../../../test/taro';
import { codesInOrder, fakePlatform } from '../../../test/fake-platform';
import { fail, fakeApi, ok, RESIDENT, userWith } from '../../../test/fake-api';
import { browserAuthorisation } from '../../platform/wechat-browser';
import { enrolmentStore } from '../../stores/enrolment';
import { sessionStore } from '../../stores/session';
import Login from './index';

jest.mock('../../platform', () => ({
  platform: jest.requireActual('../../../test/fake-platform').fakePlatform,
}));

const DEMO = {
  enabled: true,
  password: 'Repair#2026',
  accounts: [{ username: 'sunny-plumber', role: 'engineer', name: '李水工', communityName: '阳光花园' }],
};
const session = (user = RESIDENT) => ({
  accessToken: 'a',
  refreshToken: 'r',
  accessTokenExpiresIn: 900,
  refreshTokenExpiresAt: '',
  user,
});

describe('login page inside a host app', () => {
  beforeEach(() => {
    sessionStore.clear();
    enrolmentStore.clear();
    fakePlatform.loginCode.mockReset();
    fakePlatform.authorisation = null;
    codesInOrder();
    setRouterParams({});
  });
  afterEach(() => jest.restoreAllMocks());

  it('signs a resident in by itself and opens the report form of the scanned place', async () => {
    fakePlatform.login = { kind: 'wechat_miniprogram', appId: 'wxdemo5a1e0c7f3b2d' };
    setRouterParams({ communityId: 'community-1', locationId: 'L1' });
    const relaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'ok' });
    const api = fakeApi({
      'GET /web/demo-accounts': DEMO,
      'POST /auth/platform-login': () => ok({ outcome: 'signed_in', session: session() }),
    });
    render(<Login />);

    expect(screen.getByTestId('login-host').textContent).toContain('正在通过微信小程序登录');
    await waitFor(() =>
      expect(relaunch).toHaveBeenCalledWith({
        url: '/resident/pages/report/index?communityId=community-1&locationId=L1',
      }),
    );
    expect(api.calls.find((call) => call.path === '/auth/platform-login')!.body).toMatchObject({
      communityId: 'community-1',
      code: 'code-1',
    });
  });

  it('hands a new resident to the community picker', async () => {
    fakePlatform.login = { kind: 'wechat_miniprogram', appId: 'wxdemo5a1e0c7f3b2d' };
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' });
    fakeApi({
      'GET /web/demo-accounts': DEMO,
      'POST /auth/platform-login': () =>
        ok({ outcome: 'choose_community', enrolment: 'e1', communities: [{ id: 'c1', name: '阳光花园' }] }),
    });
    render(<Login />);

    await waitFor(() => expect(redirect).toHaveBeenCalledWith({ url: '/pages/enrol/index?' }));
    expect(enrolmentStore.get()).toMatchObject({ enrolment: 'e1', communities: [{ name: '阳光花园' }] });
  });

  it('asks unlinked staff for their password once, then links their WeCom account', async () => {
    fakePlatform.login = { kind: 'wecom', appId: 'wwdemo7c2b9e4f1a06' };
    const relaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'ok' });
    const toast = jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    const engineer = userWith([{ role: 'engineer', communityId: 'c1', communityName: '阳光花园' }]);
    const api = fakeApi({
      'GET /web/demo-accounts': DEMO,
      'POST /auth/platform-login': () => fail(403, 'PLATFORM_ACCOUNT_NOT_LINKED'),
      'POST /auth/login': () => ok(session(engineer)),
      'POST /auth/platform-identities': () =>
        ok({ id: 'i1', kind: 'wecom', appId: 'wwdemo7c2b9e4f1a06', lastLoginAt: null }, 201),
    });
    render(<Login />);

    expect((await screen.findByTestId('login-not-linked')).textContent).toContain('企业微信账号还没有绑定');
    fireEvent.click(screen.getByTestId('demo-sunny-plumber'));

    await waitFor(() => expect(relaunch).toHaveBeenCalledWith({ url: '/engineer/pages/tasks/index' }));
    expect(api.calls.find((call) => call.path === '/auth/platform-identities')!.body).toEqual({
      kind: 'wecom',
      appId: 'wwdemo7c2b9e4f1a06',
      code: 'code-2',
    });
    expect(toast).toHaveBeenCalledWith({ title: '已绑定企业微信账号', icon: 'success' });
  });

  it('says why the host app’s sign-in failed and offers to try again', async () => {
    fakePlatform.login = { kind: 'dingtalk', appId: 'dingdemo4e8f2a1c9b' };
    fakeApi({
      'GET /web/demo-accounts': DEMO,
      'POST /auth/platform-login': () => fail(503, 'PLATFORM_UNAVAILABLE'),
    });
    render(<Login />);

    expect((await screen.findByTestId('login-host-failed')).textContent).toContain('平台服务暂时不可用');
    fireEvent.click(screen.getByText('重试钉钉登录'));
    await waitFor(() => expect(fakePlatform.loginCode).toHaveBeenCalledTimes(2));
  });
});

describe('login page opened inside WeChat (H5, official account)', () => {
  const open = jest.fn();
  const page = '/#/pages/login/index?communityId=community-1';

  beforeEach(() => {
    sessionStore.clear();
    enrolmentStore.clear();
    window.sessionStorage.clear();
    window.history.replaceState(null, '', page);
    open.mockReset();
    fakePlatform.login = { kind: 'wechat_official', appId: 'wx0a1f2e3d4c5b6a79' };
    fakePlatform.authorisation = { ...browserAuthorisation, open };
    setRouterParams({ communityId: 'community-1' });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => {
    fakePlatform.authorisation = null;
  });

  /** Opens the page fresh, which leaves for WeChat; then WeChat sends the person back with a code. */
  async function goAndComeBack(state?: string): Promise<void> {
    const api = fakeApi({
      'GET /web/demo-accounts': DEMO,
      'GET /auth/wechat-oauth-url': { url: 'https://wx.example/authorize' },
    });
    const { unmount } = render(<Login />);
    expect(screen.getByTestId('login-host').textContent).toContain('正在通过微信公众号登录');
    await waitFor(() => expect(open).toHaveBeenCalledWith('https://wx.example/authorize'));
    const sent = api.calls.find((call) => call.path === '/auth/wechat-oauth-url')!.query;
    expect(sent.redirectUri).toBe(`http://localhost${page}`);
    unmount();
    window.history.replaceState(
      null,
      '',
      `/?code=oa-code&state=${state ?? sent.state}#/pages/login/index?communityId=community-1`,
    );
  }

  it('hands a new resident back from WeChat to the community picker, keeping the scanned community', async () => {
    await goAndComeBack();
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' });
    const api = fakeApi({
      'GET /web/demo-accounts': DEMO,
      'POST /auth/platform-login': () =>
        ok({ outcome: 'choose_community', enrolment: 'e1', communities: [{ id: 'c1', name: '阳光花园' }] }),
    });
    render(<Login />);

    await waitFor(() =>
      expect(redirect).toHaveBeenCalledWith({ url: '/pages/enrol/index?communityId=community-1' }),
    );
    expect(api.calls.find((call) => call.path === '/auth/platform-login')!.body).toEqual({
      kind: 'wechat_official',
      appId: 'wx0a1f2e3d4c5b6a79',
      code: 'oa-code',
      communityId: 'community-1',
    });
    expect(enrolmentStore.get()).toMatchObject({ enrolment: 'e1', code: { communityId: 'community-1' } });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('shows the password login, saying why, when the state that came back is not the one sent', async () => {
    await goAndComeBack('someone-elses');
    const api = fakeApi({ 'GET /web/demo-accounts': DEMO });
    render(<Login />);

    expect((await screen.findByTestId('login-host-failed')).textContent).toContain(
      '微信公众号登录没有成功：微信授权校验未通过',
    );
    expect(screen.getByTestId('login-submit')).toBeTruthy();
    expect(api.calls.some((call) => call.path === '/auth/platform-login')).toBe(false);
  });

  it('shows the password login when the server refuses the code, and tries again through WeChat', async () => {
    await goAndComeBack();
    fakeApi({
      'GET /web/demo-accounts': DEMO,
      'POST /auth/platform-login': () => fail(400, 'PLATFORM_CODE_INVALID'),
      'GET /auth/wechat-oauth-url': { url: 'https://wx.example/authorize' },
    });
    render(<Login />);

    expect((await screen.findByTestId('login-host-failed')).textContent).toContain('登录凭证已失效');
    fireEvent.click(screen.getByText('重试微信公众号登录'));
    await waitFor(() => expect(open).toHaveBeenCalledTimes(2));
  });
});
