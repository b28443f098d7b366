import { browserAuthorisation, isWeChatBrowser, officialAccountLogin, readAnswer } from './wechat-browser';

const WECHAT_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN';
const WECHAT_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 XWEB/1220099 MMWEBSDK/20240404 MMWEBID/1234 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const WECOM =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

describe('WeChat’s browser', () => {
  it('is told by MicroMessenger in the user agent, WeCom’s browser aside', () => {
    expect(isWeChatBrowser(WECHAT_IPHONE)).toBe(true);
    expect(isWeChatBrowser(WECHAT_ANDROID)).toBe(true);
    expect(isWeChatBrowser(WECOM)).toBe(false);
    expect(isWeChatBrowser(CHROME)).toBe(false);
    expect(isWeChatBrowser('')).toBe(false);
  });

  it('signs in with the official account only inside WeChat and when the build names one', () => {
    expect(officialAccountLogin(WECHAT_IPHONE, 'wx0a1f2e3d4c5b6a79')).toEqual({
      kind: 'wechat_official',
      appId: 'wx0a1f2e3d4c5b6a79',
    });
    expect(officialAccountLogin(WECHAT_IPHONE, '')).toBeNull();
    expect(officialAccountLogin(CHROME, 'wx0a1f2e3d4c5b6a79')).toBeNull();
  });
});

describe('the authorisation’s answer in the address', () => {
  it('is read before the hash route, where WeChat puts it, and taken out', () => {
    expect(
      readAnswer('https://repair.example.com/?code=C1&state=S1#/pages/login/index?communityId=c1'),
    ).toEqual({
      answer: { code: 'C1', state: 'S1' },
      rest: 'https://repair.example.com/#/pages/login/index?communityId=c1',
    });
  });

  it('is read from the hash route’s query too', () => {
    expect(
      readAnswer('https://repair.example.com/#/pages/login/index?communityId=c1&code=C2&state=S2'),
    ).toEqual({
      answer: { code: 'C2', state: 'S2' },
      rest: 'https://repair.example.com/#/pages/login/index?communityId=c1',
    });
  });

  it('is none on an ordinary address, which stays as it is', () => {
    expect(readAnswer('https://repair.example.com/#/pages/login/index?communityId=c1')).toEqual({
      answer: null,
      rest: 'https://repair.example.com/#/pages/login/index?communityId=c1',
    });
    expect(readAnswer('https://repair.example.com/?state=S3')).toEqual({
      answer: { code: null, state: 'S3' },
      rest: 'https://repair.example.com/',
    });
  });
});

describe('the round trip in this tab', () => {
  beforeEach(() => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/#/pages/login/index?communityId=c1');
  });

  it('keeps a fresh random state in sessionStorage until it is read once', () => {
    const state = browserAuthorisation.newState();
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    expect(browserAuthorisation.newState()).not.toBe(state);
    const kept = window.sessionStorage.getItem('smart-repair.wechat-oauth-state');

    expect(browserAuthorisation.takeState()).toBe(kept);
    expect(browserAuthorisation.takeState()).toBeNull();
  });

  it('comes back to this page, and takes the answer out of the address so a reload cannot reuse the code', () => {
    expect(browserAuthorisation.returnAddress()).toBe('http://localhost/#/pages/login/index?communityId=c1');
    expect(browserAuthorisation.takeAnswer()).toBeNull();

    window.history.replaceState(null, '', '/?code=C4&state=S4#/pages/login/index?communityId=c1');
    expect(browserAuthorisation.returnAddress()).toBe('http://localhost/#/pages/login/index?communityId=c1');
    expect(browserAuthorisation.takeAnswer()).toEqual({ code: 'C4', state: 'S4' });
    expect(window.location.href).toBe('http://localhost/#/pages/login/index?communityId=c1');
    expect(browserAuthorisation.takeAnswer()).toBeNull();
  });
});
