/** The platforms this package fakes. DingTalk's two API hosts share one app registry. */
export type Platform = 'wechat' | 'wecom' | 'dingtalk' | 'baidu';

/** One URL per real host; point the API's configured base URLs at these. */
export interface BaseUrls {
  wechat: string;
  wecom: string;
  dingtalkOapi: string;
  dingtalkApi: string;
  baidu: string;
}

/**
 * An app as the platform knows it. The id field depends on the platform: `appid` (WeChat, also
 * accepted for Baidu), `corpid` (WeCom), `appKey` (DingTalk, Baidu).
 */
export interface AppRegistration {
  appid?: string;
  corpid?: string;
  appKey?: string;
  secret: string;
  /** WeCom `agentid` / DingTalk `agent_id` that message sends must carry. */
  agentId?: number;
  /** WeChat: pages of the released version; when set, subscribe sends to other pages get 41030. */
  pages?: string[];
  /** WeCom: members of the corp that message/send accepts (login codes add theirs too). */
  users?: string[];
}

/** Who a login code stands for. WeChat and Baidu need `openid`; WeCom and DingTalk need `userid`. */
export interface LoginIdentity {
  openid?: string;
  unionid?: string;
  userid?: string;
  sessionKey?: string;
  /** DingTalk `result.name`. */
  name?: string;
}

export interface PhoneCodeOptions {
  /** When set, a request that sends a different `openid` is refused. */
  openid?: string;
  countryCode?: string;
}

export interface FailureOptions {
  /** Answer with this HTTP status (default 500 when neither status nor errcode is given). */
  status?: 500 | 503;
  /** Answer HTTP 200 with this errcode (errno for Baidu) instead of a status failure. */
  errcode?: number;
  /** Wait this long first; alone, the call then proceeds normally (use it to cause timeouts). */
  delayMs?: number;
}

/** A message the fake accepted for delivery. */
export interface Delivery {
  platform: Platform;
  /** appid / corpid / appKey of the sending app. */
  appId: string;
  /** Path after the platform prefix, e.g. `/cgi-bin/message/subscribe/send`. */
  path: string;
  /** openid (WeChat) or userids (WeCom accepted users, `@all`; DingTalk `userid_list`). */
  recipients: string[];
  body: Record<string, unknown>;
  at: Date;
}

export interface FakePlatformsOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Clock in ms since the epoch; tests pass a movable one to expire codes and tokens. */
  now?: () => number;
  /**
   * errcode for a reused `wx.login` code on sns/jscode2session. The sheet documents 40029;
   * 40163 "code been used" is UNCONFIRMED there, so it is opt-in.
   */
  wechatLoginCodeReuseErrcode?: 40029 | 40163;
}

export interface FakePlatforms {
  readonly port: number;
  readonly baseUrls: BaseUrls;
  addApp(platform: Platform, app: AppRegistration): void;
  issueLoginCode(platform: Platform, appId: string, identity: LoginIdentity): string;
  issuePhoneCode(appid: string, phone: string, options?: PhoneCodeOptions): string;
  grantSubscribe(appid: string, openid: string, templateId: string, count?: number): void;
  /** Marks one token, or every token of the platform, as expired; returns how many. */
  expireToken(platform: Platform, token: string | 'all'): number;
  failNext(pathSuffix: string, n: number, options?: FailureOptions): void;
  delivered(platform: Platform): Delivery[];
  /** Requests received whose path ends with the suffix (all requests without one). */
  calls(pathSuffix?: string): number;
  close(): Promise<void>;
}
