import {
  type KeyObject,
  X509Certificate,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRecord, parseJson, readBody } from './http.util';
import {
  SIGNATURE_TYPE,
  answerMessage,
  chinaTime,
  encryptResource,
  parseAuthorization,
  randomText,
  requestMessage,
  rsaSign,
  rsaVerify,
} from './wechatpay-crypto';
import { type NotificationEvent, Notifier } from './wechatpay-notifier';
import type {
  FakePayOrder,
  FakePayRefund,
  FakeRefundStatus,
  FakeTradeState,
  FakeWechatPay,
  FakeWechatPayOptions,
  NotificationForgery,
  PayFailureOptions,
  SignedNotification,
  TestMerchantOptions,
  TestWechatPayMerchant,
  WechatPayKeyMode,
  WechatPayMerchantRegistration,
} from './wechatpay-types';
import { generateSelfSignedCertificate, publicKeyPemOf } from './wechatpay-x509';

/** Requests whose Authorization timestamp is further than this from the fake's clock: SIGN_ERROR. */
const AUTH_WINDOW_SECONDS = 300;

interface PlatformCertificate {
  serialNo: string;
  certificatePem: string;
  privateKey: KeyObject;
  effectiveTime: string;
  expireTime: string;
}

interface MerchantState {
  mchid: string;
  appids: Set<string>;
  certificateSerial: string;
  certificatePublicKey: string;
  apiV3Key: string;
  mode: WechatPayKeyMode;
  /** Certificate mode: every certificate ever issued; the last one signs. */
  platformCertificates: PlatformCertificate[];
  /** Public-key mode: the PUB_KEY_ID and its key pair. */
  publicKey?: { keyId: string; privateKey: KeyObject; publicKeyPem: string };
}

interface OrderState extends FakePayOrder {
  fingerprint: string;
  eventId?: string;
}

interface Reply {
  status: number;
  /** Absent for 204. */
  body?: Record<string, unknown>;
}

interface PendingFailure extends PayFailureOptions {
  suffix: string;
  remaining: number;
}

const TRADE_STATE_DESC: Record<FakeTradeState, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  REVOKED: '已撤销（付款码支付）',
  USERPAYING: '用户支付中（付款码支付）',
  PAYERROR: '支付失败',
};

const REFUND_EVENT: Record<Exclude<FakeRefundStatus, 'PROCESSING'>, { type: string; summary: string }> = {
  SUCCESS: { type: 'REFUND.SUCCESS', summary: '退款成功' },
  ABNORMAL: { type: 'REFUND.ABNORMAL', summary: '退款异常' },
  CLOSED: { type: 'REFUND.CLOSED', summary: '退款关闭' },
};

const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function error(status: number, code: string, message: string): Reply {
  return { status, body: { code, message } };
}

/**
 * A local WeChat Pay APIv3 server (one merchant registry, orders, refunds, platform certificates
 * or public keys, signed answers and notifications), on its own port of 127.0.0.1.
 */
export async function startFakeWechatPay(options: FakeWechatPayOptions = {}): Promise<FakeWechatPay> {
  const now = options.now ?? Date.now;
  const merchants = new Map<string, MerchantState>();
  const orders = new Map<string, OrderState>();
  const refunds = new Map<string, FakePayRefund>();
  const received: string[] = [];
  const failures: PendingFailure[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const notifier = new Notifier({
    timeScale: options.timeScale ?? 1,
    replyTimeoutMs: options.replyTimeoutMs ?? 5000,
    now,
  });
  const autoSettleRefunds = options.autoSettleRefunds ?? true;
  const key = (mchid: string, no: string): string => `${mchid}\u0000${no}`;
  const seconds = (): number => Math.floor(now() / 1000);

  const later = (ms: number, work: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, ms);
    timers.add(timer);
  };

  // ---- keys ------------------------------------------------------------------------------

  const newPlatformCertificate = (mchid: string): PlatformCertificate => {
    const generated = generateSelfSignedCertificate({
      subject: {
        commonName: 'Tenpay.com Root CA',
        organization: '财付通支付科技有限公司',
        organizationalUnit: mchid,
      },
      validFrom: new Date(now() - 86_400_000),
    });
    return {
      serialNo: generated.serialNo,
      certificatePem: generated.certificatePem,
      privateKey: createPrivateKey(generated.privateKeyPem),
      effectiveTime: chinaTime(generated.validFrom.getTime()),
      expireTime: chinaTime(generated.validTo.getTime()),
    };
  };

  /** Who signs what the merchant receives: the newest platform certificate, or the public key. */
  const signer = (merchant: MerchantState): { serial: string; privateKey: KeyObject } => {
    if (merchant.publicKey)
      return { serial: merchant.publicKey.keyId, privateKey: merchant.publicKey.privateKey };
    const current = merchant.platformCertificates[merchant.platformCertificates.length - 1]!;
    return { serial: current.serialNo, privateKey: current.privateKey };
  };

  const signedHeaders = (
    merchant: MerchantState,
    body: string,
    timestamp = seconds(),
  ): Record<string, string> => {
    const { serial, privateKey } = signer(merchant);
    const nonce = randomText(32);
    return {
      'Wechatpay-Timestamp': String(timestamp),
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': rsaSign(answerMessage(String(timestamp), nonce, body), privateKey),
      'Wechatpay-Serial': serial,
      'Wechatpay-Signature-Type': SIGNATURE_TYPE,
    };
  };

  const addMerchant = (registration: WechatPayMerchantRegistration): MerchantState => {
    if (merchants.has(registration.mchid))
      throw new Error(`merchant ${registration.mchid} already registered`);
    if (Buffer.byteLength(registration.apiV3Key, 'utf8') !== 32)
      throw new Error('the APIv3 key must be 32 bytes');
    const certificate = new X509Certificate(registration.certificatePem);
    const merchant: MerchantState = {
      mchid: registration.mchid,
      appids: new Set(registration.appids),
      certificateSerial: certificate.serialNumber.toUpperCase(),
      certificatePublicKey: publicKeyPemOf(certificate.publicKey),
      apiV3Key: registration.apiV3Key,
      mode: registration.mode,
      platformCertificates: [],
    };
    if (registration.mode === 'certificate') {
      merchant.platformCertificates.push(newPlatformCertificate(registration.mchid));
    } else {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      merchant.publicKey = {
        keyId: `PUB_KEY_ID_${registration.mchid.padStart(10, '0')}${randomDigits(20)}`,
        privateKey: pair.privateKey,
        publicKeyPem: publicKeyPemOf(pair.publicKey),
      };
    }
    merchants.set(merchant.mchid, merchant);
    return merchant;
  };

  const verificationOf = (merchant: MerchantState): TestWechatPayMerchant['verification'] =>
    merchant.publicKey
      ? { mode: 'public_key', keyId: merchant.publicKey.keyId, publicKeyPem: merchant.publicKey.publicKeyPem }
      : { mode: 'certificate' };

  // ---- orders and notifications ----------------------------------------------------------

  const findOrder = (outTradeNo: string, mchid?: string): OrderState => {
    const matches = [...orders.values()].filter(
      (order) => order.outTradeNo === outTradeNo && (mchid === undefined || order.mchid === mchid),
    );
    if (matches.length === 0) throw new Error(`no order ${outTradeNo}`);
    if (matches.length > 1) throw new Error(`order ${outTradeNo} exists for several merchants: pass mchid`);
    return matches[0]!;
  };

  const findRefund = (outRefundNo: string, mchid?: string): FakePayRefund => {
    const matches = [...refunds.values()].filter(
      (refund) => refund.outRefundNo === outRefundNo && (mchid === undefined || refund.mchid === mchid),
    );
    if (matches.length !== 1) throw new Error(`no single refund ${outRefundNo}`);
    return matches[0]!;
  };

  const transactionJson = (order: OrderState): Record<string, unknown> => {
    const paid = order.transactionId !== undefined;
    return {
      appid: order.appid,
      mchid: order.mchid,
      out_trade_no: order.outTradeNo,
      ...(paid ? { transaction_id: order.transactionId } : {}),
      ...(paid ? { trade_type: 'JSAPI' } : {}),
      trade_state: order.tradeState,
      trade_state_desc: TRADE_STATE_DESC[order.tradeState],
      ...(paid ? { bank_type: 'OTHERS' } : {}),
      ...(order.attach === undefined ? {} : { attach: order.attach }),
      ...(order.successTime === undefined ? {} : { success_time: order.successTime }),
      payer: paid ? { openid: order.payerOpenid } : {},
      amount: paid
        ? { total: order.totalFen, payer_total: order.payerTotalFen, currency: 'CNY', payer_currency: 'CNY' }
        : { total: order.totalFen, currency: 'CNY' },
      promotion_detail: [],
    };
  };

  const refundJson = (refund: FakePayRefund): Record<string, unknown> => ({
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successTime === undefined ? {} : { success_time: refund.successTime }),
    create_time: refund.createTime,
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.totalFen,
      refund: refund.refundFen,
      payer_total: refund.totalFen,
      payer_refund: refund.refundFen,
      settlement_refund: refund.refundFen,
      settlement_total: refund.totalFen,
      discount_refund: 0,
      currency: 'CNY',
      from: [],
    },
    promotion_detail: [],
  });

  /** Signs and encrypts one notification, optionally forged in one of the ways tests ask for. */
  const buildNotification = (
    merchant: MerchantState,
    envelope: { eventId: string; eventType: string; summary: string; originalType: string; url: string },
    plaintext: Record<string, unknown>,
    forge: NotificationForgery | undefined,
    timestamp = seconds(),
  ): SignedNotification => {
    let content = plaintext;
    if (forge === 'wrong_amount' && isRecord(plaintext.amount)) {
      const amount = plaintext.amount as Record<string, number>;
      content = {
        ...plaintext,
        amount: { ...amount, total: amount.total! + 1, payer_total: amount.payer_total! + 1 },
      };
    }
    if (forge === 'other_mchid') content = { ...plaintext, mchid: `${plaintext.mchid as string}9` };
    if (forge === 'other_appid') content = { ...plaintext, appid: `${String(plaintext.appid)}x` };
    const resource = encryptResource(merchant.apiV3Key, JSON.stringify(content), envelope.originalType);
    if (forge === 'tampered_ciphertext') {
      const bytes = Buffer.from(resource.ciphertext, 'base64');
      bytes[0] = bytes[0]! ^ 0x01;
      resource.ciphertext = bytes.toString('base64');
    }
    const body = JSON.stringify({
      id: envelope.eventId,
      create_time: chinaTime(now()),
      resource_type: 'encrypt-resource',
      event_type: envelope.eventType,
      summary: envelope.summary,
      resource: { original_type: envelope.originalType, ...resource },
    });
    const stamp = forge === 'stale_timestamp' ? timestamp - 600 : timestamp;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      ...signedHeaders(merchant, body, stamp),
    };
    if (forge === 'bad_signature') {
      headers['Wechatpay-Signature'] = rsaSign(
        answerMessage(String(stamp), headers['Wechatpay-Nonce'], `${body} `),
        signer(merchant).privateKey,
      );
    }
    if (forge === 'signtest')
      headers['Wechatpay-Signature'] = `WECHATPAY/SIGNTEST/${randomBytes(96).toString('base64')}`;
    if (forge === 'unknown_serial') {
      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      headers['Wechatpay-Serial'] = merchant.publicKey
        ? `PUB_KEY_ID_${randomDigits(30)}`
        : randomBytes(20).toString('hex').toUpperCase();
      headers['Wechatpay-Signature'] = rsaSign(
        answerMessage(String(stamp), headers['Wechatpay-Nonce'], body),
        stranger,
      );
    }
    return {
      url: envelope.url,
      headers,
      body: forge === 'tampered_body' ? body.replace('"summary":"', '"summary":"!') : body,
      eventId: envelope.eventId,
    };
  };

  const transactionEvent = (order: OrderState): NotificationEvent => {
    const merchant = merchants.get(order.mchid)!;
    const eventId = order.eventId!;
    return {
      eventId,
      eventType: 'TRANSACTION.SUCCESS',
      outTradeNo: order.outTradeNo,
      url: order.notifyUrl,
      build: (forge) =>
        buildNotification(
          merchant,
          {
            eventId,
            eventType: 'TRANSACTION.SUCCESS',
            summary: '支付成功',
            originalType: 'transaction',
            url: order.notifyUrl,
          },
          transactionJson(order),
          forge,
        ),
    };
  };

  const refundEvent = (refund: FakePayRefund, eventType: string, summary: string): NotificationEvent => {
    const merchant = merchants.get(refund.mchid)!;
    const eventId = `EV-${randomDigits(20)}`;
    const url = refund.notifyUrl!;
    const plaintext = (): Record<string, unknown> => ({
      mchid: refund.mchid,
      out_trade_no: refund.outTradeNo,
      transaction_id: refund.transactionId,
      out_refund_no: refund.outRefundNo,
      refund_id: refund.refundId,
      refund_status: refund.status,
      ...(refund.successTime === undefined ? {} : { success_time: refund.successTime }),
      user_received_account: '支付用户零钱',
      amount: {
        total: refund.totalFen,
        refund: refund.refundFen,
        payer_total: refund.totalFen,
        payer_refund: refund.refundFen,
      },
    });
    return {
      eventId,
      eventType,
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund.outRefundNo,
      url,
      build: (forge) =>
        buildNotification(
          merchant,
          { eventId, eventType, summary, originalType: 'refund', url },
          plaintext(),
          forge,
        ),
    };
  };

  const settleRefund = (refund: FakePayRefund, status: Exclude<FakeRefundStatus, 'PROCESSING'>): void => {
    if (refund.status !== 'PROCESSING')
      throw new Error(`refund ${refund.outRefundNo} is already ${refund.status}`);
    refund.status = status;
    const order = orders.get(key(refund.mchid, refund.outTradeNo))!;
    if (status === 'SUCCESS') {
      refund.successTime = chinaTime(now());
      order.tradeState = 'REFUND';
    } else {
      order.refundedFen -= refund.refundFen;
    }
    if (refund.notifyUrl)
      notifier.send(refundEvent(refund, REFUND_EVENT[status].type, REFUND_EVENT[status].summary));
  };

  // ---- routes ----------------------------------------------------------------------------

  const jsapi = (merchant: MerchantState, body: unknown): Reply => {
    if (!isRecord(body)) return error(400, 'PARAM_ERROR', '请求体不是合法的 JSON');
    const amount = isRecord(body.amount) ? body.amount : {};
    const payer = isRecord(body.payer) ? body.payer : {};
    const problem = firstProblem([
      [typeof body.appid === 'string' && body.appid !== '', '缺少参数 appid'],
      [body.mchid === merchant.mchid, 'mchid 与请求头中的商户号不一致'],
      [
        typeof body.description === 'string' &&
          body.description.length >= 1 &&
          body.description.length <= 127,
        'description 长度应为 1-127',
      ],
      [
        typeof body.out_trade_no === 'string' && OUT_TRADE_NO.test(body.out_trade_no),
        'out_trade_no 格式不正确',
      ],
      [
        body.time_expire === undefined ||
          (typeof body.time_expire === 'string' && RFC3339.test(body.time_expire)),
        'time_expire 格式不正确',
      ],
      [
        body.attach === undefined || (typeof body.attach === 'string' && body.attach.length <= 128),
        'attach 长度超过 128',
      ],
      [isNotifyUrl(body.notify_url), 'notify_url 格式不正确'],
      [Number.isInteger(amount.total) && (amount.total as number) > 0, 'amount.total 应为正整数'],
      [amount.currency === undefined || amount.currency === 'CNY', 'amount.currency 只能是 CNY'],
      [typeof payer.openid === 'string' && payer.openid !== '', '缺少参数 payer.openid'],
    ]);
    if (problem) return error(400, 'PARAM_ERROR', problem);
    if (!merchant.appids.has(body.appid as string))
      return error(400, 'APPID_MCHID_NOT_MATCH', 'appid 和 mch_id 不匹配');
    const outTradeNo = body.out_trade_no as string;
    const fingerprint = JSON.stringify([
      body.appid,
      body.description,
      amount.total,
      payer.openid,
      body.notify_url,
      body.attach ?? null,
    ]);
    const existing = orders.get(key(merchant.mchid, outTradeNo));
    if (existing) {
      // UNCONFIRMED: the exact answers to a repeated out_trade_no are not in the fact sheet.
      if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND')
        return error(400, 'ORDERPAID', '该订单已支付');
      if (existing.tradeState === 'CLOSED') return error(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.fingerprint !== fingerprint) return error(403, 'OUT_TRADE_NO_USED', '商户订单号重复');
      existing.prepayCount += 1;
      return { status: 200, body: { prepay_id: existing.prepayId } };
    }
    const order: OrderState = {
      mchid: merchant.mchid,
      appid: body.appid as string,
      outTradeNo,
      description: body.description as string,
      totalFen: amount.total as number,
      payerOpenid: payer.openid as string,
      notifyUrl: body.notify_url as string,
      ...(body.time_expire === undefined ? {} : { timeExpire: body.time_expire as string }),
      ...(body.attach === undefined ? {} : { attach: body.attach as string }),
      prepayId: `wx${chinaTime(now()).slice(0, 19).replace(/\D/g, '').slice(2)}${randomBytes(12).toString('hex')}`,
      tradeState: 'NOTPAY',
      refundedFen: 0,
      prepayCount: 1,
      fingerprint,
    };
    orders.set(key(merchant.mchid, outTradeNo), order);
    return { status: 200, body: { prepay_id: order.prepayId } };
  };

  const queryOrder = (
    merchant: MerchantState,
    query: URLSearchParams,
    find: (order: OrderState) => boolean,
  ): Reply => {
    if (query.get('mchid') !== merchant.mchid)
      return error(400, 'PARAM_ERROR', 'mchid 与请求头中的商户号不一致');
    const order = [...orders.values()].find((o) => o.mchid === merchant.mchid && find(o));
    if (!order) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
    return { status: 200, body: transactionJson(order) };
  };

  const closeOrder = (merchant: MerchantState, outTradeNo: string, body: unknown): Reply => {
    if (!isRecord(body) || body.mchid !== merchant.mchid)
      return error(400, 'PARAM_ERROR', 'mchid 与请求头中的商户号不一致');
    const order = orders.get(key(merchant.mchid, outTradeNo));
    // UNCONFIRMED: the close of an unknown order and the ORDERPAID status code.
    if (!order) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND')
      return error(400, 'ORDERPAID', '订单已支付');
    order.tradeState = 'CLOSED';
    return { status: 204 };
  };

  const createRefund = (merchant: MerchantState, body: unknown): Reply => {
    if (!isRecord(body)) return error(400, 'PARAM_ERROR', '请求体不是合法的 JSON');
    const amount = isRecord(body.amount) ? body.amount : {};
    const problem = firstProblem([
      [
        (body.out_trade_no === undefined) !== (body.transaction_id === undefined),
        'transaction_id 和 out_trade_no 必须二选一',
      ],
      [
        typeof body.out_refund_no === 'string' && /^[A-Za-z0-9_\-|*@]{1,64}$/.test(body.out_refund_no),
        'out_refund_no 格式不正确',
      ],
      [
        body.reason === undefined || (typeof body.reason === 'string' && body.reason.length <= 80),
        'reason 长度超过 80',
      ],
      [body.notify_url === undefined || isNotifyUrl(body.notify_url), 'notify_url 格式不正确'],
      [Number.isInteger(amount.refund) && (amount.refund as number) > 0, 'amount.refund 应为正整数'],
      [Number.isInteger(amount.total) && (amount.total as number) > 0, 'amount.total 应为正整数'],
      [amount.currency === 'CNY', 'amount.currency 只能是 CNY'],
    ]);
    if (problem) return error(400, 'PARAM_ERROR', problem);
    const order = [...orders.values()].find(
      (o) =>
        o.mchid === merchant.mchid &&
        (body.out_trade_no === undefined
          ? o.transactionId === body.transaction_id
          : o.outTradeNo === body.out_trade_no),
    );
    if (!order || order.transactionId === undefined)
      return error(404, 'RESOURCE_NOT_EXISTS', '订单不存在或未支付');
    const outRefundNo = body.out_refund_no as string;
    const existing = refunds.get(key(merchant.mchid, outRefundNo));
    if (existing) {
      if (existing.outTradeNo !== order.outTradeNo || existing.refundFen !== amount.refund) {
        return error(400, 'INVALID_REQUEST', '退款单号重复，且参数与首次请求不一致');
      }
      return { status: 200, body: refundJson(existing) };
    }
    if (amount.total !== order.totalFen) return error(400, 'PARAM_ERROR', 'amount.total 与订单金额不一致');
    // UNCONFIRMED: the code for refunding more than what is left.
    if ((amount.refund as number) > order.totalFen - order.refundedFen)
      return error(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const refund: FakePayRefund = {
      mchid: merchant.mchid,
      outTradeNo: order.outTradeNo,
      transactionId: order.transactionId,
      outRefundNo,
      refundId: `50${randomDigits(27)}`,
      refundFen: amount.refund as number,
      totalFen: order.totalFen,
      status: 'PROCESSING',
      ...(body.reason === undefined ? {} : { reason: body.reason as string }),
      ...(body.notify_url === undefined ? {} : { notifyUrl: body.notify_url as string }),
      createTime: chinaTime(now()),
    };
    order.refundedFen += refund.refundFen;
    refunds.set(key(merchant.mchid, outRefundNo), refund);
    if (autoSettleRefunds) later(0, () => refund.status === 'PROCESSING' && settleRefund(refund, 'SUCCESS'));
    return { status: 200, body: refundJson(refund) };
  };

  const certificates = (merchant: MerchantState): Reply => {
    // UNCONFIRMED: what a public-key-only merchant gets here.
    if (merchant.mode === 'public_key') return error(404, 'RESOURCE_NOT_EXISTS', '商户未启用平台证书');
    const data = merchant.platformCertificates.map((certificate) => ({
      serial_no: certificate.serialNo,
      effective_time: certificate.effectiveTime,
      expire_time: certificate.expireTime,
      encrypt_certificate: encryptResource(merchant.apiV3Key, certificate.certificatePem, 'certificate'),
    }));
    return { status: 200, body: { data } };
  };

  const route = (merchant: MerchantState, method: string, url: URL, body: unknown): Reply => {
    const path = url.pathname;
    let match: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v3/pay/transactions/jsapi') return jsapi(merchant, body);
    if (method === 'GET' && (match = path.match(/^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/))) {
      const outTradeNo = decodeURIComponent(match[1]!);
      return queryOrder(merchant, url.searchParams, (o) => o.outTradeNo === outTradeNo);
    }
    if (method === 'GET' && (match = path.match(/^\/v3\/pay\/transactions\/id\/([^/]+)$/))) {
      const transactionId = decodeURIComponent(match[1]!);
      return queryOrder(merchant, url.searchParams, (o) => o.transactionId === transactionId);
    }
    if (
      method === 'POST' &&
      (match = path.match(/^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/))
    ) {
      return closeOrder(merchant, decodeURIComponent(match[1]!), body);
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') return createRefund(merchant, body);
    if (method === 'GET' && (match = path.match(/^\/v3\/refund\/domestic\/refunds\/([^/]+)$/))) {
      const refund = refunds.get(key(merchant.mchid, decodeURIComponent(match[1]!)));
      return refund
        ? { status: 200, body: refundJson(refund) }
        : error(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    }
    if (method === 'GET' && path === '/v3/certificates') return certificates(merchant);
    return error(404, 'NOT_FOUND', `没有 ${method} ${path}`);
  };

  /** Checks the Authorization header: format, merchant, certificate serial, timestamp, signature. */
  const authenticate = (
    req: IncomingMessage,
    rawBody: string,
  ): { merchant?: MerchantState; refusal?: Reply } => {
    const refuse = (message: string): { refusal: Reply } => ({ refusal: error(401, 'SIGN_ERROR', message) });
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) return refuse('Authorization 缺失或格式不正确');
    const merchant = merchants.get(auth.mchid);
    if (!merchant) return refuse('商户号不存在或未配置证书');
    if (auth.serial_no.toUpperCase() !== merchant.certificateSerial) return refuse('商户证书序列号有误');
    const timestamp = Number(auth.timestamp);
    if (!/^\d+$/.test(auth.timestamp) || Math.abs(seconds() - timestamp) > AUTH_WINDOW_SECONDS) {
      return refuse('请求时间戳与当前时间相差过大');
    }
    const message = requestMessage(
      req.method ?? 'GET',
      req.url ?? '/',
      auth.timestamp,
      auth.nonce_str,
      rawBody,
    );
    if (!rsaVerify(message, auth.signature, merchant.certificatePublicKey)) return refuse('签名错误');
    return { merchant };
  };

  const send = (res: ServerResponse, reply: Reply, merchant: MerchantState | undefined): void => {
    if (res.writableEnded || res.destroyed) return;
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    const headers: Record<string, string | number> = {
      'Request-ID': randomBytes(16).toString('hex').toUpperCase(),
      'Content-Length': Buffer.byteLength(payload),
    };
    if (reply.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    // Every answer to a known merchant is signed, errors included (harmless; clients may skip them).
    if (merchant) Object.assign(headers, signedHeaders(merchant, payload));
    res.writeHead(reply.status, headers);
    res.end(payload);
  };

  const takeFailure = (path: string): PendingFailure | undefined => {
    const failure = failures.find((f) => f.remaining > 0 && path.endsWith(f.suffix));
    if (failure) failure.remaining -= 1;
    return failure;
  };

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => later(ms, resolve));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    received.push(url.pathname);
    const rawBody = await readBody(req);
    const failure = takeFailure(url.pathname);
    if (failure?.delayMs) await sleep(failure.delayMs);
    const { merchant, refusal } = authenticate(req, rawBody);
    if (failure && (failure.status !== undefined || failure.code !== undefined || !failure.delayMs)) {
      const status = failure.status ?? 500;
      send(res, error(status, failure.code ?? 'SYSTEM_ERROR', failure.message ?? '系统错误'), merchant);
      return;
    }
    if (!merchant) {
      send(res, refusal!, undefined);
      return;
    }
    send(res, route(merchant, req.method ?? 'GET', url, parseJson(rawBody)), merchant);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((cause: unknown) => {
      send(
        res,
        error(500, 'SYSTEM_ERROR', cause instanceof Error ? cause.message : String(cause)),
        undefined,
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    port,
    baseUrl,
    createTestMerchant(merchantOptions: TestMerchantOptions = {}): TestWechatPayMerchant {
      const mchid = merchantOptions.mchid ?? `19${randomDigits(8)}`;
      const appid = merchantOptions.appid ?? `wx${randomBytes(8).toString('hex')}`;
      const certificate = generateSelfSignedCertificate({
        subject: { commonName: mchid, organization: '微信商户系统', organizationalUnit: '测试商户' },
        validFrom: new Date(now() - 86_400_000),
      });
      const apiV3Key = randomText(32);
      const merchant = addMerchant({
        mchid,
        appids: [appid, ...(merchantOptions.extraAppids ?? [])],
        certificatePem: certificate.certificatePem,
        apiV3Key,
        mode: merchantOptions.mode ?? 'certificate',
      });
      return {
        mchid,
        appid,
        serialNo: certificate.serialNo,
        privateKeyPem: certificate.privateKeyPem,
        certificatePem: certificate.certificatePem,
        apiV3Key,
        verification: verificationOf(merchant),
        baseUrl,
      };
    },
    addMerchant(registration) {
      return { verification: verificationOf(addMerchant(registration)) };
    },
    rotatePlatformCertificate(mchid) {
      const merchant = merchants.get(mchid);
      if (!merchant || merchant.mode !== 'certificate')
        throw new Error(`${mchid} is not a certificate-mode merchant`);
      const certificate = newPlatformCertificate(mchid);
      merchant.platformCertificates.push(certificate);
      return { serialNo: certificate.serialNo };
    },
    platformCertificateSerials(mchid) {
      return (merchants.get(mchid)?.platformCertificates ?? []).map((c) => c.serialNo);
    },
    payOrder(outTradeNo, payOptions = {}) {
      const order = findOrder(outTradeNo, payOptions.mchid);
      if (order.tradeState !== 'NOTPAY' && order.tradeState !== 'USERPAYING') {
        throw new Error(`order ${outTradeNo} is ${order.tradeState}, it cannot be paid`);
      }
      if (order.timeExpire !== undefined && Date.parse(order.timeExpire) <= now()) {
        throw new Error(`order ${outTradeNo} expired at ${order.timeExpire}`);
      }
      order.tradeState = 'SUCCESS';
      order.transactionId = `42000${randomDigits(23)}`;
      order.payerOpenid = payOptions.payerOpenid ?? order.payerOpenid;
      order.payerTotalFen = payOptions.payerTotalFen ?? order.totalFen;
      order.successTime = chinaTime(now());
      order.eventId = `EV-${randomDigits(20)}`;
      notifier.send(transactionEvent(order));
      return publicOrder(order);
    },
    setTradeState(outTradeNo, state, mchid) {
      findOrder(outTradeNo, mchid).tradeState = state;
    },
    settleRefund(outRefundNo, status, mchid) {
      settleRefund(findRefund(outRefundNo, mchid), status);
    },
    order(outTradeNo, mchid) {
      const order = [...orders.values()].find(
        (o) => o.outTradeNo === outTradeNo && (mchid === undefined || o.mchid === mchid),
      );
      return order && publicOrder(order);
    },
    refund(outRefundNo, mchid) {
      const refund = [...refunds.values()].find(
        (r) => r.outRefundNo === outRefundNo && (mchid === undefined || r.mchid === mchid),
      );
      return refund && { ...refund };
    },
    notifyAgain(outTradeNo, mchid) {
      const order = findOrder(outTradeNo, mchid);
      if (!order.eventId) throw new Error(`order ${outTradeNo} has not been paid`);
      notifier.send(transactionEvent(order));
    },
    signedNotification(outTradeNo, notificationOptions = {}) {
      const order = findOrder(outTradeNo, notificationOptions.mchid);
      if (!order.eventId) throw new Error(`order ${outTradeNo} has not been paid`);
      const merchant = merchants.get(order.mchid)!;
      return buildNotification(
        merchant,
        {
          eventId: order.eventId,
          eventType: 'TRANSACTION.SUCCESS',
          summary: '支付成功',
          originalType: 'transaction',
          url: order.notifyUrl,
        },
        transactionJson(order),
        notificationOptions.forge,
        notificationOptions.timestamp,
      );
    },
    faultNextNotifications(n, faults) {
      notifier.faultNext(n, faults);
    },
    holdNotifications() {
      notifier.hold();
    },
    releaseNotifications(releaseOptions = {}) {
      notifier.release(releaseOptions.reverse ?? false);
    },
    notificationLog() {
      return notifier.attempts();
    },
    idle() {
      return notifier.idle();
    },
    failNext(pathSuffix, n, failureOptions = {}) {
      failures.push({ ...failureOptions, suffix: pathSuffix, remaining: n });
    },
    calls(pathSuffix = '') {
      return received.filter((path) => path.endsWith(pathSuffix)).length;
    },
    close(): Promise<void> {
      notifier.close();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      if (!server.listening) return Promise.resolve();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((cause) => (cause ? reject(cause) : resolve())));
    },
  };
}

function publicOrder(order: OrderState): FakePayOrder {
  const { fingerprint: _fingerprint, eventId: _eventId, ...rest } = order;
  return { ...rest };
}

function firstProblem(checks: [boolean, string][]): string | undefined {
  return checks.find(([ok]) => !ok)?.[1];
}

function isNotifyUrl(value: unknown): boolean {
  // The real platform wants a public HTTPS URL; the fake also takes http:// for loopback tests.
  if (typeof value !== 'string' || value.length > 255 || value.includes('?')) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function randomDigits(length: number): string {
  return Array.from(randomBytes(length), (byte) => String(byte % 10)).join('');
}
