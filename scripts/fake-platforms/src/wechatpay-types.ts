/** How WeChat Pay signs its answers and notifications to one merchant. */
export type WechatPayKeyMode = 'certificate' | 'public_key';

/**
 * A merchant as the API's WeChat Pay gateway is configured with it (same field names), so a test
 * can hand this object straight to the gateway. Every key is generated in memory at test time.
 */
export interface TestWechatPayMerchant {
  mchid: string;
  appid: string;
  /** Serial of the merchant API certificate (upper-case hex). */
  serialNo: string;
  /** apiclient_key.pem (PKCS#8). */
  privateKeyPem: string;
  /** apiclient_cert.pem (self-signed here). */
  certificatePem: string;
  /** 32 ASCII characters. */
  apiV3Key: string;
  verification: { mode: 'certificate' } | { mode: 'public_key'; keyId: string; publicKeyPem: string };
  /** The fake's origin; the real one is https://api.mch.weixin.qq.com. */
  baseUrl: string;
}

export interface TestMerchantOptions {
  mode?: WechatPayKeyMode;
  mchid?: string;
  appid?: string;
  /** More appids bound to the merchant (official account + mini program). */
  extraAppids?: string[];
}

/** What the fake needs to know about a merchant it did not create itself. */
export interface WechatPayMerchantRegistration {
  mchid: string;
  appids: string[];
  /** The merchant API certificate: requests are verified with its public key and serial. */
  certificatePem: string;
  apiV3Key: string;
  mode: WechatPayKeyMode;
}

export interface WechatPayMerchantRegistered {
  verification: TestWechatPayMerchant['verification'];
}

export type FakeTradeState =
  'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
export type FakeRefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

/** An order as the fake holds it (a copy; changing it changes nothing). */
export interface FakePayOrder {
  mchid: string;
  appid: string;
  outTradeNo: string;
  description: string;
  totalFen: number;
  payerOpenid: string;
  notifyUrl: string;
  timeExpire?: string;
  attach?: string;
  prepayId: string;
  tradeState: FakeTradeState;
  transactionId?: string;
  payerTotalFen?: number;
  successTime?: string;
  /** Refunds that are PROCESSING or SUCCESS, in fen. */
  refundedFen: number;
  prepayCount: number;
}

export interface FakePayRefund {
  mchid: string;
  outTradeNo: string;
  transactionId: string;
  outRefundNo: string;
  refundId: string;
  refundFen: number;
  totalFen: number;
  status: FakeRefundStatus;
  reason?: string;
  notifyUrl?: string;
  createTime: string;
  successTime?: string;
}

export interface PayOrderOptions {
  /** Needed only when two merchants use the same out_trade_no. */
  mchid?: string;
  /** Defaults to the openid the order was placed for. */
  payerOpenid?: string;
  /** What the payer paid after coupons; defaults to the total. */
  payerTotalFen?: number;
}

/**
 * Ways the next notifications go wrong. `forge` makes a notification the API must refuse (or, for
 * the amount / merchant / appid kinds, one that is well signed but does not match the order).
 */
export interface NotificationFaults {
  /** Never delivered, not retried. */
  lose?: boolean;
  /** Delivered this many extra times at once, with the same event id. */
  duplicate?: number;
  /** Wait this long (real milliseconds) before the first attempt. */
  delayMs?: number;
  forge?: NotificationForgery;
}

export type NotificationForgery =
  | 'bad_signature'
  | 'signtest'
  | 'stale_timestamp'
  | 'unknown_serial'
  | 'tampered_body'
  | 'tampered_ciphertext'
  | 'wrong_amount'
  | 'other_mchid'
  | 'other_appid';

export interface SignedNotification {
  url: string;
  headers: Record<string, string>;
  body: string;
  eventId: string;
}

export interface SignedNotificationOptions {
  mchid?: string;
  forge?: NotificationForgery;
  /** Unix seconds; default the fake's clock. */
  timestamp?: number;
}

/** One delivery attempt of a notification, as the fake saw it. */
export interface NotificationAttempt {
  eventId: string;
  eventType: string;
  outTradeNo: string;
  outRefundNo?: string;
  url: string;
  /** 0 for the first try, 1.. for retries; duplicates share the number of the try they copy. */
  attempt: number;
  /** HTTP status of our answer, or 0 when it failed or timed out, or -1 when the fake lost it. */
  status: number;
  forged?: NotificationForgery;
  at: Date;
}

export interface PayFailureOptions {
  /** HTTP status (default 500). */
  status?: number;
  /** Error code in the body (default SYSTEM_ERROR). */
  code?: string;
  message?: string;
  /** Wait first; alone, the call then proceeds normally (use it to cause client timeouts). */
  delayMs?: number;
}

export interface FakeWechatPayOptions {
  port?: number;
  /** Clock in ms since the epoch for timestamps, expiry and signatures. */
  now?: () => number;
  /**
   * Multiplies the notification retry schedule (15 s, 15 s, 30 s, 3 min … 6 h): 0.001 turns the
   * 24-hour schedule into about 86 seconds, 0.0001 into under 9.
   */
  timeScale?: number;
  /** How long the fake waits for our answer to a notification (real ms, default 5000). */
  replyTimeoutMs?: number;
  /** Refunds turn SUCCESS (and notify) right after they are accepted; false keeps them PROCESSING. */
  autoSettleRefunds?: boolean;
}

export interface FakeWechatPay {
  readonly port: number;
  /** Point a merchant's `baseUrl` here (instead of https://api.mch.weixin.qq.com). */
  readonly baseUrl: string;
  /** Generates a merchant (keys, certificate, APIv3 key), registers it and returns its config. */
  createTestMerchant(options?: TestMerchantOptions): TestWechatPayMerchant;
  addMerchant(registration: WechatPayMerchantRegistration): WechatPayMerchantRegistered;
  /** Certificate mode: a new platform certificate signs from now on; the old one stays listed. */
  rotatePlatformCertificate(mchid: string): { serialNo: string };
  /** Lists the platform certificate serials /v3/certificates serves for the merchant. */
  platformCertificateSerials(mchid: string): string[];
  /** The user pays: the order turns SUCCESS and its TRANSACTION.SUCCESS notification goes out. */
  payOrder(outTradeNo: string, options?: PayOrderOptions): FakePayOrder;
  /** Puts an order in a state no API call reaches (USERPAYING, PAYERROR, REVOKED …). */
  setTradeState(outTradeNo: string, state: FakeTradeState, mchid?: string): void;
  /** Ends a PROCESSING refund and sends its REFUND.* notification. */
  settleRefund(outRefundNo: string, status: Exclude<FakeRefundStatus, 'PROCESSING'>, mchid?: string): void;
  order(outTradeNo: string, mchid?: string): FakePayOrder | undefined;
  refund(outRefundNo: string, mchid?: string): FakePayRefund | undefined;
  /** A fresh delivery (new signature, same event id) of the order's payment notification. */
  notifyAgain(outTradeNo: string, mchid?: string): void;
  /** A notification as it would be posted, without posting it (tests post it themselves). */
  signedNotification(outTradeNo: string, options?: SignedNotificationOptions): SignedNotification;
  faultNextNotifications(n: number, faults: NotificationFaults): void;
  /** Holds new notifications back until `releaseNotifications`. */
  holdNotifications(): void;
  /** Sends the held notifications, newest first with `reverse` (a reordering). */
  releaseNotifications(options?: { reverse?: boolean }): void;
  notificationLog(): NotificationAttempt[];
  /** Resolves when no notification is being delivered or waiting for a retry (held ones excepted). */
  idle(): Promise<void>;
  failNext(pathSuffix: string, n: number, options?: PayFailureOptions): void;
  /** Requests received whose path ends with the suffix. */
  calls(pathSuffix?: string): number;
  close(): Promise<void>;
}
