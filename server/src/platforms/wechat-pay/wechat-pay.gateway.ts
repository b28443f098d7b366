import { KeyObject, createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import WxPay from 'wechatpay-node-v3';
import {
  type PlatformCertificate,
  PlatformCertificateStore,
  parsePlatformCertificate,
  sharedPlatformCertificates,
} from './platform-certificates';
import {
  SIGNTEST_PREFIX,
  TIMESTAMP_WINDOW_SECONDS,
  WECHATPAY_SIGNATURE_TYPE,
  decryptAesGcm,
  toChinaTime,
  verifyWechatpaySignature,
} from './wechat-pay.crypto';
import {
  type NotificationRejection,
  WechatPayError,
  WechatPayNotificationRejected,
  isRetryable,
} from './wechat-pay.errors';
import type {
  CreateJsapiOrderInput,
  IncomingHeaders,
  JsapiOrder,
  ParseNotificationInput,
  RefundInput,
  WechatPayMerchant,
  WechatPayNotification,
  WechatPayRefund,
  WechatPayRefundStatus,
  WechatPayTradeState,
  WechatPayTransaction,
} from './wechat-pay.types';

export interface WechatPayGatewayOptions {
  /** Per request, default 10 s. */
  timeoutMs?: number;
  /** Clock in ms (for signatures and the timestamp window); tests move it. */
  now?: () => number;
  /** Where platform certificates are cached; default one store per process. */
  certificates?: PlatformCertificateStore;
  userAgent?: string;
}

const TRADE_STATES: ReadonlySet<string> = new Set<WechatPayTradeState>([
  'SUCCESS',
  'NOTPAY',
  'CLOSED',
  'REFUND',
  'USERPAYING',
  'PAYERROR',
  'REVOKED',
]);
const REFUND_STATUSES: ReadonlySet<string> = new Set<WechatPayRefundStatus>([
  'SUCCESS',
  'PROCESSING',
  'ABNORMAL',
  'CLOSED',
]);
const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;

interface SignedAnswer {
  status: number;
  body: Buffer;
  headers: Headers;
}

type Rejection = { reason: NotificationRejection; detail?: string };

/**
 * WeChat Pay APIv3 for one merchant. wechatpay-node-v3 signs requests and builds the
 * requestPayment signature; everything WeChat Pay sends back (answers and notifications) is
 * verified here on node:crypto before it is trusted: freshness, key by serial, SHA256withRSA over
 * the raw bytes, then AES-256-GCM with its tag checked. Keys are held privately and never logged.
 */
export class WechatPayGateway {
  readonly mchid: string;
  readonly appid: string;
  readonly #merchant: WechatPayMerchant;
  readonly #signer: WxPay;
  readonly #publicKey: KeyObject | undefined;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #certificates: PlatformCertificateStore;
  readonly #userAgent: string;

  constructor(merchant: WechatPayMerchant, options: WechatPayGatewayOptions = {}) {
    if (Buffer.byteLength(merchant.apiV3Key, 'utf8') !== 32) {
      throw new WechatPayError({
        status: 0,
        code: 'INVALID_ARGUMENT',
        message: 'the APIv3 key must be 32 bytes',
        retryable: false,
      });
    }
    // Fails early on a broken key instead of at the first payment.
    createPrivateKey(merchant.privateKeyPem);
    this.mchid = merchant.mchid;
    this.appid = merchant.appid;
    this.#merchant = merchant;
    this.#signer = new WxPay({
      appid: merchant.appid,
      mchid: merchant.mchid,
      serial_no: merchant.serialNo,
      publicKey: Buffer.from(merchant.certificatePem),
      privateKey: Buffer.from(merchant.privateKeyPem),
      key: merchant.apiV3Key,
    });
    this.#publicKey =
      merchant.verification.mode === 'public_key'
        ? createPublicKey(merchant.verification.publicKeyPem)
        : undefined;
    this.#baseUrl = merchant.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#certificates = options.certificates ?? sharedPlatformCertificates;
    this.#userAgent = options.userAgent ?? 'smart-repair-wechatpay/1';
  }

  /** Places a JSAPI / mini-program order and signs the parameters for wx.requestPayment. */
  async createJsapiOrder(input: CreateJsapiOrderInput): Promise<JsapiOrder> {
    checkOutTradeNo(input.outTradeNo);
    checkFen('amountFen', input.amountFen);
    check(
      input.description.length >= 1 && input.description.length <= 127,
      'description must be 1–127 characters',
    );
    check(input.attach === undefined || input.attach.length <= 128, 'attach must be at most 128 characters');
    check(input.payerOpenid !== '', 'payerOpenid is required');
    checkNotifyUrl(input.notifyUrl);
    check(!Number.isNaN(input.timeExpire.getTime()), 'timeExpire must be a date');
    const answer = await this.#call('POST', '/v3/pay/transactions/jsapi', {
      appid: this.appid,
      mchid: this.mchid,
      description: input.description,
      out_trade_no: input.outTradeNo,
      time_expire: toChinaTime(input.timeExpire),
      ...(input.attach === undefined ? {} : { attach: input.attach }),
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: 'CNY' },
      payer: { openid: input.payerOpenid },
    });
    const body = this.#expectOk(answer);
    const prepayId = body.prepay_id;
    if (typeof prepayId !== 'string' || prepayId === '') throw badResponse(answer.status, 'no prepay_id');
    return { prepayId, requestPayment: this.requestPaymentParams(prepayId) };
  }

  /** The wx.requestPayment parameters for a prepay_id (again, e.g. when the payer retries). */
  requestPaymentParams(prepayId: string): JsapiOrder['requestPayment'] {
    const timeStamp = String(Math.floor(this.#now() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${prepayId}`;
    const paySign = this.#signer.sha256WithRsa(`${this.appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`);
    return { appId: this.appid, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  /** The order as WeChat Pay knows it, or null when it does not exist (ORDER_NOT_EXIST). */
  async queryOrder(outTradeNo: string): Promise<WechatPayTransaction | null> {
    checkOutTradeNo(outTradeNo);
    const answer = await this.#call(
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.mchid)}`,
    );
    if (answer.status === 404 && errorCode(answer) === 'ORDER_NOT_EXIST') return null;
    return parseTransaction(this.#expectOk(answer), answer.status);
  }

  /**
   * Closes an unpaid order. 'paid' when WeChat Pay answers ORDERPAID: the payer paid after our
   * last look, so the order must end paid (query it for the transaction).
   */
  async closeOrder(outTradeNo: string): Promise<'closed' | 'paid'> {
    checkOutTradeNo(outTradeNo);
    const answer = await this.#call(
      'POST',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`,
      {
        mchid: this.mchid,
      },
    );
    const code = errorCode(answer);
    if (code === 'ORDERPAID' || code === 'ORDER_PAID') return 'paid';
    this.#expectOk(answer);
    return 'closed';
  }

  /** Asks for a refund; calling again with the same outRefundNo is safe (it is the idempotency key). */
  async refund(input: RefundInput): Promise<WechatPayRefund> {
    checkOutTradeNo(input.outTradeNo);
    check(OUT_REFUND_NO.test(input.outRefundNo), 'outRefundNo must be 1–64 letters, digits or _-|*@');
    checkFen('refundFen', input.refundFen);
    checkFen('totalFen', input.totalFen);
    check(input.refundFen <= input.totalFen, 'refundFen must not exceed totalFen');
    check(input.reason === undefined || input.reason.length <= 80, 'reason must be at most 80 characters');
    checkNotifyUrl(input.notifyUrl);
    const answer = await this.#call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      notify_url: input.notifyUrl,
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    });
    return parseRefund(this.#expectOk(answer), answer.status);
  }

  /** The refund as WeChat Pay knows it, or null when it does not exist. */
  async queryRefund(outRefundNo: string): Promise<WechatPayRefund | null> {
    check(OUT_REFUND_NO.test(outRefundNo), 'outRefundNo must be 1–64 letters, digits or _-|*@');
    const answer = await this.#call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`);
    if (answer.status === 404 && errorCode(answer) === 'RESOURCE_NOT_EXISTS') return null;
    return parseRefund(this.#expectOk(answer), answer.status);
  }

  /**
   * Verifies a notification posted to our notify_url, then decrypts its resource. Nothing in the
   * body is looked at before the signature over the raw bytes checks out. Throws
   * WechatPayNotificationRejected. The caller still compares mchid, appid, out_trade_no and the
   * amount with its own order.
   */
  async parseNotification(input: ParseNotificationInput): Promise<WechatPayNotification> {
    const raw = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
    const nowMs = input.now?.getTime() ?? this.#now();
    const rejection = await this.#verify(input.headers, raw, nowMs);
    if (rejection) throw new WechatPayNotificationRejected(rejection.reason, rejection.detail);

    let envelope: unknown;
    try {
      envelope = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new WechatPayNotificationRejected('malformed', 'body is not JSON');
    }
    if (!isRecord(envelope) || typeof envelope.id !== 'string' || typeof envelope.event_type !== 'string') {
      throw new WechatPayNotificationRejected('malformed', 'id or event_type missing');
    }
    const resource = envelope.resource;
    if (
      !isRecord(resource) ||
      resource.algorithm !== 'AEAD_AES_256_GCM' ||
      typeof resource.ciphertext !== 'string' ||
      typeof resource.nonce !== 'string' ||
      (resource.associated_data !== undefined && typeof resource.associated_data !== 'string')
    ) {
      throw new WechatPayNotificationRejected('malformed', 'resource is not an AEAD_AES_256_GCM resource');
    }
    let plaintext: string;
    try {
      plaintext = decryptAesGcm(
        this.#merchant.apiV3Key,
        resource.nonce,
        (resource.associated_data as string | undefined) ?? '',
        resource.ciphertext,
      );
    } catch {
      throw new WechatPayNotificationRejected('decrypt_failed');
    }
    let decrypted: unknown;
    try {
      decrypted = JSON.parse(plaintext);
    } catch {
      throw new WechatPayNotificationRejected('malformed', 'resource is not JSON');
    }
    if (!isRecord(decrypted))
      throw new WechatPayNotificationRejected('malformed', 'resource is not an object');
    return {
      id: envelope.id,
      eventType: envelope.event_type,
      ...(typeof envelope.create_time === 'string' ? { createTime: envelope.create_time } : {}),
      ...(typeof envelope.summary === 'string' ? { summary: envelope.summary } : {}),
      ...(typeof resource.original_type === 'string' ? { originalType: resource.original_type } : {}),
      resource: decrypted,
    };
  }

  // ---- transport ---------------------------------------------------------------------------

  /** One signed request; the answer's signature is checked whenever it carries one (always for 2xx). */
  async #call(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    json?: Record<string, unknown>,
  ): Promise<SignedAnswer> {
    const answer = await this.#send(method, pathAndQuery, json);
    const signed = answer.headers.has('wechatpay-signature');
    if (answer.status >= 200 && answer.status < 300 && !signed) {
      throw new WechatPayError({
        status: answer.status,
        code: 'RESPONSE_SIGNATURE_INVALID',
        message: 'the answer carries no signature',
        retryable: false,
      });
    }
    if (signed) {
      const rejection = await this.#verify(headersOf(answer.headers), answer.body, this.#now());
      if (rejection) {
        throw new WechatPayError({
          status: answer.status,
          code:
            rejection.reason === 'certificates_unavailable'
              ? 'CERTIFICATES_UNAVAILABLE'
              : 'RESPONSE_SIGNATURE_INVALID',
          message: `the answer failed verification: ${rejection.reason}`,
          retryable: rejection.reason === 'certificates_unavailable',
        });
      }
    }
    return answer;
  }

  async #send(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    json?: Record<string, unknown>,
  ): Promise<SignedAnswer> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const timestamp = String(Math.floor(this.#now() / 1000));
    const nonce = randomBytes(16).toString('hex').toUpperCase();
    // The library signs exactly the string we send (a string body is not re-serialised).
    const signature = this.#signer.getSignature(method, nonce, timestamp, pathAndQuery, body);
    const headers: Record<string, string> = {
      Authorization: this.#signer.getAuthorization(nonce, timestamp, signature),
      Accept: 'application/json',
      'User-Agent': this.#userAgent,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    let bytes: Buffer;
    try {
      response = await fetch(`${this.#baseUrl}${pathAndQuery}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (cause) {
      // Not `instanceof Error`: fetch rejects with a DOMException, from another realm under test runners.
      const name =
        typeof cause === 'object' && cause !== null ? (cause as { name?: unknown }).name : undefined;
      const timeout = name === 'TimeoutError' || name === 'AbortError';
      throw new WechatPayError({
        status: 0,
        code: timeout ? 'TIMEOUT' : 'NETWORK',
        message: timeout ? `no answer within ${this.#timeoutMs} ms` : 'the request did not reach WeChat Pay',
        retryable: true,
      });
    }
    return { status: response.status, body: bytes, headers: response.headers };
  }

  /** The JSON object of a 2xx answer, or the answer's error as a WechatPayError. */
  #expectOk(answer: SignedAnswer): Record<string, unknown> {
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.body.length === 0) return {};
      const parsed = parseJson(answer.body);
      if (!isRecord(parsed)) throw badResponse(answer.status, 'the answer is not a JSON object');
      return parsed;
    }
    const parsed = parseJson(answer.body);
    const code = isRecord(parsed) && typeof parsed.code === 'string' ? parsed.code : `HTTP_${answer.status}`;
    const message =
      isRecord(parsed) && typeof parsed.message === 'string' ? parsed.message : 'no error message';
    throw new WechatPayError({
      status: answer.status,
      code,
      message,
      retryable: isRetryable(answer.status, code),
    });
  }

  // ---- verification ------------------------------------------------------------------------

  /** Freshness, mode, key by serial and the RSA signature; undefined when all hold. */
  async #verify(headers: IncomingHeaders, body: Buffer, nowMs: number): Promise<Rejection | undefined> {
    const timestamp = header(headers, 'wechatpay-timestamp');
    const nonce = header(headers, 'wechatpay-nonce');
    const signature = header(headers, 'wechatpay-signature');
    const serial = header(headers, 'wechatpay-serial');
    const signatureType = header(headers, 'wechatpay-signature-type');
    if (!timestamp || !nonce || !signature || !serial) return { reason: 'missing_headers' };
    if (signature.startsWith(SIGNTEST_PREFIX)) return { reason: 'signtest' };
    if (signatureType !== undefined && signatureType !== WECHATPAY_SIGNATURE_TYPE) {
      return { reason: 'unsupported_signature_type' };
    }
    if (
      !/^\d{1,12}$/.test(timestamp) ||
      Math.abs(nowMs / 1000 - Number(timestamp)) > TIMESTAMP_WINDOW_SECONDS
    ) {
      return { reason: 'stale_timestamp' };
    }
    const keyOrRejection = await this.#keyFor(serial, nowMs);
    if (!(keyOrRejection instanceof KeyObject)) return keyOrRejection;
    if (!verifyWechatpaySignature(keyOrRejection, timestamp, nonce, body, signature))
      return { reason: 'bad_signature' };
    return undefined;
  }

  async #keyFor(serial: string, nowMs: number): Promise<KeyObject | Rejection> {
    const verification = this.#merchant.verification;
    const looksLikeKeyId = serial.startsWith('PUB_KEY_ID_');
    if (verification.mode === 'public_key') {
      if (serial === verification.keyId) return this.#publicKey!;
      return looksLikeKeyId
        ? { reason: 'unknown_serial' }
        : { reason: 'wrong_mode', detail: 'a certificate serial' };
    }
    if (looksLikeKeyId) return { reason: 'wrong_mode', detail: 'a public key id' };
    if (!/^[0-9A-Fa-f]{1,64}$/.test(serial)) return { reason: 'unknown_serial' };
    try {
      const key = await this.#certificates.publicKeyFor(this.#storeKey(), serial, nowMs, () =>
        this.#downloadCertificates(),
      );
      return key ?? { reason: 'unknown_serial' };
    } catch (cause) {
      return {
        reason: 'certificates_unavailable',
        detail: cause instanceof Error ? cause.message : undefined,
      };
    }
  }

  #storeKey(): string {
    return `${this.#baseUrl}|${this.mchid}`;
  }

  /**
   * GET /v3/certificates. Each certificate is decrypted with the APIv3 key (which only WeChat Pay
   * and we hold), then the answer's own signature must verify with one of them.
   */
  async #downloadCertificates(): Promise<PlatformCertificate[]> {
    const answer = await this.#send('GET', '/v3/certificates');
    const body = this.#expectOk(answer);
    const data = Array.isArray(body.data) ? (body.data as unknown[]) : [];
    const certificates: PlatformCertificate[] = [];
    for (const item of data) {
      if (!isRecord(item) || typeof item.serial_no !== 'string' || !isRecord(item.encrypt_certificate))
        continue;
      const encrypted = item.encrypt_certificate;
      if (typeof encrypted.nonce !== 'string' || typeof encrypted.ciphertext !== 'string') continue;
      const pem = decryptAesGcm(
        this.#merchant.apiV3Key,
        encrypted.nonce,
        typeof encrypted.associated_data === 'string' ? encrypted.associated_data : '',
        encrypted.ciphertext,
      );
      certificates.push(parsePlatformCertificate(pem, item.serial_no));
    }
    const timestamp = answer.headers.get('wechatpay-timestamp') ?? '';
    const nonce = answer.headers.get('wechatpay-nonce') ?? '';
    const signature = answer.headers.get('wechatpay-signature') ?? '';
    const signer = certificates.find(
      (c) => c.serialNo === answer.headers.get('wechatpay-serial')?.toUpperCase(),
    );
    const fresh = Math.abs(this.#now() / 1000 - Number(timestamp)) <= TIMESTAMP_WINDOW_SECONDS;
    if (
      !signer ||
      !fresh ||
      !verifyWechatpaySignature(signer.publicKey, timestamp, nonce, answer.body, signature)
    ) {
      throw new Error('the certificate list failed verification');
    }
    return certificates;
  }
}

// ---- parsing -------------------------------------------------------------------------------

/** A Transaction object (query answer or decrypted TRANSACTION.SUCCESS resource). */
export function parseTransaction(json: Record<string, unknown>, status = 200): WechatPayTransaction {
  const tradeState = json.trade_state;
  if (typeof tradeState !== 'string' || !TRADE_STATES.has(tradeState))
    throw badResponse(status, 'unknown trade_state');
  if (
    typeof json.mchid !== 'string' ||
    typeof json.appid !== 'string' ||
    typeof json.out_trade_no !== 'string'
  ) {
    throw badResponse(status, 'mchid, appid or out_trade_no missing');
  }
  const amount = isRecord(json.amount) ? json.amount : {};
  const payer = isRecord(json.payer) ? json.payer : {};
  const successTime = typeof json.success_time === 'string' ? new Date(json.success_time) : undefined;
  return {
    tradeState: tradeState as WechatPayTradeState,
    mchid: json.mchid,
    appid: json.appid,
    outTradeNo: json.out_trade_no,
    ...(typeof json.transaction_id === 'string' ? { transactionId: json.transaction_id } : {}),
    ...(Number.isSafeInteger(amount.total) ? { amountFen: amount.total as number } : {}),
    ...(Number.isSafeInteger(amount.payer_total) ? { payerTotalFen: amount.payer_total as number } : {}),
    ...(typeof payer.openid === 'string' ? { payerOpenid: payer.openid } : {}),
    ...(typeof json.attach === 'string' ? { attach: json.attach } : {}),
    ...(successTime && !Number.isNaN(successTime.getTime()) ? { successTime } : {}),
  };
}

/** A Refund object (create / query answer) or a decrypted REFUND.* resource (`refund_status`). */
export function parseRefund(json: Record<string, unknown>, status = 200): WechatPayRefund {
  const refundStatus = json.status ?? json.refund_status;
  if (typeof refundStatus !== 'string' || !REFUND_STATUSES.has(refundStatus))
    throw badResponse(status, 'unknown refund status');
  if (
    typeof json.refund_id !== 'string' ||
    typeof json.out_refund_no !== 'string' ||
    typeof json.out_trade_no !== 'string'
  ) {
    throw badResponse(status, 'refund_id, out_refund_no or out_trade_no missing');
  }
  const amount = isRecord(json.amount) ? json.amount : {};
  const successTime = typeof json.success_time === 'string' ? new Date(json.success_time) : undefined;
  return {
    refundId: json.refund_id,
    status: refundStatus as WechatPayRefundStatus,
    outRefundNo: json.out_refund_no,
    outTradeNo: json.out_trade_no,
    ...(Number.isSafeInteger(amount.refund) ? { refundFen: amount.refund as number } : {}),
    ...(Number.isSafeInteger(amount.total) ? { totalFen: amount.total as number } : {}),
    ...(successTime && !Number.isNaN(successTime.getTime()) ? { successTime } : {}),
  };
}

function header(headers: IncomingHeaders, name: string): string | undefined {
  const direct = headers[name];
  const value = direct ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value === undefined || value === '' ? undefined : value;
}

function headersOf(headers: Headers): IncomingHeaders {
  const result: IncomingHeaders = {};
  headers.forEach((value, key) => {
    result[key] = value;
  });
  return result;
}

function errorCode(answer: SignedAnswer): string | undefined {
  if (answer.status < 400) return undefined;
  const parsed = parseJson(answer.body);
  return isRecord(parsed) && typeof parsed.code === 'string' ? parsed.code : undefined;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badResponse(status: number, message: string): WechatPayError {
  return new WechatPayError({ status, code: 'BAD_RESPONSE', message, retryable: false });
}

function check(condition: boolean, message: string): void {
  if (!condition)
    throw new WechatPayError({ status: 0, code: 'INVALID_ARGUMENT', message, retryable: false });
}

function checkFen(name: string, value: number): void {
  check(Number.isSafeInteger(value) && value > 0, `${name} must be a positive integer number of fen`);
}

function checkOutTradeNo(value: string): void {
  check(OUT_TRADE_NO.test(value), 'outTradeNo must be 6–32 letters, digits or _-|*');
}

function checkNotifyUrl(value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  check(
    url !== undefined &&
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      !value.includes('?') &&
      value.length <= 255,
    'notifyUrl must be an absolute URL without a query string, at most 255 characters',
  );
}
