import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { setRouterParams } from '../../../test/taro';
import { codesInOrder, fakePlatform } from '../../../test/fake-platform';
import { fail, fakeApi, ok, RESIDENT, userWith } from '../../../test/fake-api';
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
