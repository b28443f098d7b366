import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { sessionStore } from '../../stores/session';
import { fail, fakeApi, RESIDENT } from '../../../test/fake-api';
import Login from './index';

const DEMO = {
  enabled: true,
  password: 'Repair#2026',
  accounts: [
    { username: 'sunny.admin', role: 'admin', name: '阳光花园管理员', communityName: '阳光花园' },
    { username: 'sunny.resident1', role: 'resident', name: '孙女士', communityName: '阳光花园' },
  ],
};

const LOGIN_RESULT = {
  accessToken: 'a',
  refreshToken: 'r',
  accessTokenExpiresIn: 900,
  refreshTokenExpiresAt: '',
  user: RESIDENT,
};

describe('login page', () => {
  beforeEach(() => sessionStore.clear());
  afterEach(() => jest.restoreAllMocks());

  it('offers the demo accounts, and one tap logs in and opens that role’s home', async () => {
    const relaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'ok' });
    const api = fakeApi({ 'GET /web/demo-accounts': DEMO, 'POST /auth/login': LOGIN_RESULT });
    render(<Login />);

    fireEvent.click(await screen.findByTestId('demo-sunny.resident1'));

    await waitFor(() => expect(relaunch).toHaveBeenCalledWith({ url: '/resident/pages/tickets/index' }));
    expect(api.calls.find((call) => call.path === '/auth/login')!.body).toEqual({
      account: 'sunny.resident1',
      password: 'Repair#2026',
    });
    expect(sessionStore.get()?.communityId).toBe('community-1');
    expect(screen.getByTestId('demo-accounts').textContent).toContain('管理员 · 阳光花园');
  });

  it('shows no demo accounts when the server has none', async () => {
    const api = fakeApi({ 'GET /web/demo-accounts': { enabled: false, password: null, accounts: [] } });
    render(<Login />);

    await waitFor(() => expect(api.calls).toHaveLength(1));
    expect(screen.queryByTestId('demo-accounts')).toBeNull();
  });

  it('says why a login failed, by the error’s code', async () => {
    const toast = jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    fakeApi({
      'GET /web/demo-accounts': DEMO,
      'POST /auth/login': () => fail(401, 'INVALID_CREDENTIALS'),
    });
    render(<Login />);

    fireEvent.click(await screen.findByTestId('demo-sunny.admin'));

    await waitFor(() => expect(toast).toHaveBeenCalledWith({ title: '账号或密码不正确', icon: 'none' }));
    expect(sessionStore.get()).toBeNull();
  });
});
