/**
 * The kinds of platform app an organisation registers. Each is one app on one platform:
 * `wechat_miniprogram` (appid), `wechat_official` (official account, for the H5 page opened inside
 * WeChat), `wecom` (corpid + the secret of the app the mini-program is associated with),
 * `dingtalk` (appKey of the internal app), `baidu` (smart program AppKey).
 */
export const PLATFORM_APP_KINDS = [
  'wechat_miniprogram',
  'wechat_official',
  'wecom',
  'dingtalk',
  'baidu',
] as const;

export type PlatformAppKind = (typeof PLATFORM_APP_KINDS)[number];

export const PLATFORM_APP_KIND_LABELS: Record<PlatformAppKind, string> = {
  wechat_miniprogram: '微信小程序',
  wechat_official: '微信公众号',
  wecom: '企业微信',
  dingtalk: '钉钉',
  baidu: '百度智能小程序',
};

/**
 * Who signs in through each kind. Staff kinds (WeCom, DingTalk) answer with the company's own
 * user id, so they are matched to existing staff only; resident kinds may enrol new residents.
 */
export const STAFF_PLATFORM_APP_KINDS: readonly PlatformAppKind[] = ['wecom', 'dingtalk'];

export function isPlatformAppKind(value: unknown): value is PlatformAppKind {
  return typeof value === 'string' && (PLATFORM_APP_KINDS as readonly string[]).includes(value);
}

/** How the app answers a platform login: signed in, or a new resident who must pick a community. */
export type PlatformLoginOutcome = 'signed_in' | 'choose_community';
