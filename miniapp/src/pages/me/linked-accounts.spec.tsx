import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { codesInOrder, fakePlatform } from '../../../test/fake-platform';
import { fakeApi, ok, signIn, userWith } from '../../../test/fake-api';
import { sessionStore } from '../../stores/session';
import { LinkedAccounts } from './linked-accounts';

jest.mock('../../platform', () => ({
  platform: jest.requireActual('../../../test/fake-platform').fakePlatform,
}));

const ENGINEER = userWith([{ role: 'engineer', communityId: 'c1', communityName: '阳光花园' }]);
const WECOM = { kind: 'wecom', appId: 'wwdemo7c2b9e4f1a06' } as const;
const DINGTALK = { id: 'i2', kind: 'dingtalk', appId: 'dingdemo4e8f2a1c9b', lastLoginAt: null };

describe('linked accounts on 我的', () => {
  beforeEach(() => {
    signIn(ENGINEER);
    fakePlatform.loginCode.mockReset();
    codesInOrder();
    fakePlatform.login = WECOM;
    fakePlatform.capabilities = { ...fakePlatform.capabilities, phoneNumber: false };
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists each linked account with when it last signed in', async () => {
    fakeApi({
      'GET /auth/platform-identities': [
        { id: 'i1', ...WECOM, lastLoginAt: new Date(2026, 10, 30, 9, 5).toISOString() },
        DINGTALK,
      ],
    });
    render(<LinkedAccounts />);

    expect((await screen.findByTestId('identity-wecom')).textContent).toBe('企业微信最近登录 11-30 09:05');
    expect(screen.getByTestId('identity-dingtalk').textContent).toBe('钉钉尚未登录过');
    // This host app's account is linked already: nothing to offer.
    expect(screen.queryByText('绑定当前企业微信账号')).toBeNull();
  });

  it('says when nothing is linked, and links the host app’s account in one tap', async () => {
    jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    let linked: unknown[] = [];
    const api = fakeApi({
      'GET /auth/platform-identities': () => ok(linked),
      'POST /auth/platform-identities': () => {
        linked = [{ id: 'i1', ...WECOM, lastLoginAt: null }];
        return ok(linked[0], 201);
      },
    });
    render(<LinkedAccounts />);

    expect((await screen.findByTestId('state-empty')).textContent).toBe(
      '还没有绑定微信、企业微信、钉钉或百度账号',
    );
    fireEvent.click(screen.getByText('绑定当前企业微信账号'));

    expect(await screen.findByTestId('identity-wecom')).toBeTruthy();
    expect(api.calls.find((call) => call.method === 'POST')!.body).toEqual({ ...WECOM, code: 'code-1' });
    expect(screen.queryByText('绑定当前企业微信账号')).toBeNull();
  });

  it('offers no linking in a browser, where there is no host app', async () => {
    fakePlatform.login = null;
    fakeApi({ 'GET /auth/platform-identities': [DINGTALK] });
    render(<LinkedAccounts />);

    await screen.findByTestId('identity-dingtalk');
    expect(screen.queryByText(/绑定当前/)).toBeNull();
  });

  it('binds the phone number WeChat verified', async () => {
    jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    fakePlatform.login = { kind: 'wechat_miniprogram', appId: 'wxdemo5a1e0c7f3b2d' };
    fakePlatform.capabilities = { ...fakePlatform.capabilities, phoneNumber: true };
    sessionStore.update({ user: { ...ENGINEER, phone: null } });
    const api = fakeApi({
      'GET /auth/platform-identities': [],
      'POST /auth/phone': { phone: '13800001234', lookedUp: true },
    });
    const { container } = render(<LinkedAccounts />);
    await screen.findByTestId('state-empty');
    expect(screen.getByText('手机号：未绑定')).toBeTruthy();

    const button = container.querySelector('.me__phone-button')!;
    act(() => {
      button.dispatchEvent(
        new CustomEvent('getphonenumber', { detail: { code: 'phone-code' }, bubbles: true }),
      );
    });

    await waitFor(() => expect(screen.getByText('手机号：13800001234')).toBeTruthy());
    expect(api.calls.find((call) => call.path === '/auth/phone')!.body).toEqual({ code: 'phone-code' });
    expect(sessionStore.get()?.user.phone).toBe('13800001234');
  });
});
