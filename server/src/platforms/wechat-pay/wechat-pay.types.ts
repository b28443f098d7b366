/**
 * WeChat Pay APIv3 for one direct merchant (普通商户): JSAPI / mini-program orders, queries,
 * closes, refunds and notifications. Amounts are integer fen everywhere.
 */

/** How WeChat Pay signs what it sends this merchant (platforms.md §2.3). */
export type WechatPayVerification =
  { mode: 'certificate' } | { mode: 'public_key'; keyId: string; publicKeyPem: string };

export interface WechatPayMerchant {
  mchid: string;
  /** appid of the mini program / official account the payer uses. */
  appid: string;
  /** Serial of the merchant API certificate (apiclient_cert.pem). */
  serialNo: string;
  /** apiclient_key.pem. */
  privateKeyPem: string;
  /** apiclient_cert.pem. */
  certificatePem: string;
  /** The APIv3 key, 32 bytes. */
  apiV3Key: string;
  verification: WechatPayVerification;
  /** https://api.mch.weixin.qq.com, or a fake. */
  baseUrl: string;
}

export interface CreateJsapiOrderInput {
  /** 6–32 characters: letters, digits and _ - | *; unique per merchant. */
  outTradeNo: string;
  /** At most 127 characters. */
  description: string;
  amountFen: number;
  payerOpenid: string;
  /** Where WeChat Pay posts the payment notification; no query string. */
  notifyUrl: string;
  timeExpire: Date;
  /** At most 128 characters; echoed in queries and notifications. */
  attach?: string;
}

/** What the mini program passes to wx.requestPayment / Taro.requestPayment. */
export interface RequestPaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface JsapiOrder {
  prepayId: string;
  requestPayment: RequestPaymentParams;
}

export type WechatPayTradeState =
  'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'USERPAYING' | 'PAYERROR' | 'REVOKED';

/** A payment as a query or a TRANSACTION.SUCCESS notification describes it. */
export interface WechatPayTransaction {
  tradeState: WechatPayTradeState;
  mchid: string;
  appid: string;
  outTradeNo: string;
  transactionId?: string;
  amountFen?: number;
  payerTotalFen?: number;
  payerOpenid?: string;
  attach?: string;
  successTime?: Date;
}

export interface RefundInput {
  outTradeNo: string;
  /** At most 64 characters; the refund's idempotency key: retry with the same one. */
  outRefundNo: string;
  refundFen: number;
  /** The order's total. */
  totalFen: number;
  /** At most 80 characters. */
  reason?: string;
  notifyUrl: string;
}

export type WechatPayRefundStatus = 'SUCCESS' | 'PROCESSING' | 'ABNORMAL' | 'CLOSED';

export interface WechatPayRefund {
  refundId: string;
  status: WechatPayRefundStatus;
  outRefundNo: string;
  outTradeNo: string;
  refundFen?: number;
  totalFen?: number;
  successTime?: Date;
}

export type WechatPayEventType =
  'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';

export interface WechatPayNotification {
  id: string;
  /** WechatPayEventType, or a type this code does not know yet. */
  eventType: WechatPayEventType | (string & {});
  createTime?: string;
  summary?: string;
  /** resource.original_type: `transaction` or `refund`. */
  originalType?: string;
  /** The decrypted resource. */
  resource: Record<string, unknown>;
}

/** Request headers as Node, Fastify or Express hand them over (any case). */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

export interface ParseNotificationInput {
  headers: IncomingHeaders;
  /** The body exactly as received: verification runs over these bytes, never re-serialised JSON. */
  rawBody: Buffer | string;
  now?: Date;
}
