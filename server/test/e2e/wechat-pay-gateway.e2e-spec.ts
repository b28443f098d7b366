import {
  type FakeWechatPay,
  type NotificationForgery,
  type TestWechatPayMerchant,
  startFakeWechatPay,
} from '@smart-repair/fake-platforms';
import { X509Certificate, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  PlatformCertificateStore,
  WechatPayError,
  WechatPayGateway,
  type WechatPayGatewayOptions,
  type WechatPayNotification,
  WechatPayNotificationRejected,
  parseRefund,
  parseTransaction,
} from '../../src/platforms/wechat-pay';

/** The WeChat Pay gateway against the fake WeChat Pay server, over real HTTP. */
describe('WeChat Pay gateway', () => {
  let pay: FakeWechatPay;
  let merchant: TestWechatPayMerchant;
  let gateway: WechatPayGateway;
  let receiver: Receiver;

  const gatewayFor = (m: TestWechatPayMerchant, options: WechatPayGatewayOptions = {}) =>
    new WechatPayGateway(m, { certificates: new PlatformCertificateStore(), ...options });

  const newOrder = async (g = gateway, amountFen = 2500) => {
    const outTradeNo = `S${randomBytes(8).toString('hex')}`;
    const order = await g.createJsapiOrder({
      outTradeNo,
      description: '维修加价-更换水龙头',
      amountFen,
      payerOpenid: 'o-resident-1',
      notifyUrl: receiver.url,
      timeExpire: new Date(Date.now() + 15 * 60_000),
      attach: 'surcharge:1',
    });
    return { outTradeNo, ...order };
  };

  beforeAll(async () => {
    pay = await startFakeWechatPay({ timeScale: 0.0002 });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await pay.close();
    await receiver.close();
  });

  beforeEach(() => {
    merchant = pay.createTestMerchant();
    gateway = gatewayFor(merchant);
    receiver.handler = undefined;
  });

  describe('orders', () => {
    it('creates a JSAPI order whose requestPayment parameters verify with the merchant certificate', async () => {
      const { outTradeNo, prepayId, requestPayment } = await newOrder();
      const stored = pay.order(outTradeNo)!;
      expect(stored).toMatchObject({
        prepayId,
        totalFen: 2500,
        payerOpenid: 'o-resident-1',
        attach: 'surcharge:1',
      });
      expect(stored.timeExpire).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      expect(requestPayment).toMatchObject({
        appId: merchant.appid,
        package: `prepay_id=${prepayId}`,
        signType: 'RSA',
      });
      expect(requestPayment.timeStamp).toMatch(/^\d{10}$/);
      const message = `${requestPayment.appId}\n${requestPayment.timeStamp}\n${requestPayment.nonceStr}\n${requestPayment.package}\n`;
      const publicKey = new X509Certificate(merchant.certificatePem).publicKey;
      expect(
        verify('sha256', Buffer.from(message), publicKey, Buffer.from(requestPayment.paySign, 'base64')),
      ).toBe(true);
    });

    it('queries: null when unknown, NOTPAY, then SUCCESS with the transaction', async () => {
      expect(await gateway.queryOrder('S-not-there')).toBeNull();
      const { outTradeNo } = await newOrder();
      expect(await gateway.queryOrder(outTradeNo)).toMatchObject({ tradeState: 'NOTPAY', amountFen: 2500 });
      const paid = pay.payOrder(outTradeNo, { payerTotalFen: 2400 });
      const transaction = await gateway.queryOrder(outTradeNo);
      expect(transaction).toMatchObject({
        tradeState: 'SUCCESS',
        transactionId: paid.transactionId,
        amountFen: 2500,
        payerTotalFen: 2400,
        mchid: merchant.mchid,
        appid: merchant.appid,
        outTradeNo,
        payerOpenid: 'o-resident-1',
        attach: 'surcharge:1',
      });
      expect(transaction!.successTime).toBeInstanceOf(Date);
      pay.setTradeState(outTradeNo, 'USERPAYING');
      expect((await gateway.queryOrder(outTradeNo))!.tradeState).toBe('USERPAYING');
    });

    it("closes an unpaid order, and answers 'paid' when the payer paid first (ORDERPAID)", async () => {
      const unpaid = await newOrder();
      expect(await gateway.closeOrder(unpaid.outTradeNo)).toBe('closed');
      expect((await gateway.queryOrder(unpaid.outTradeNo))!.tradeState).toBe('CLOSED');

      const paid = await newOrder();
      pay.payOrder(paid.outTradeNo);
      expect(await gateway.closeOrder(paid.outTradeNo)).toBe('paid');
      expect((await gateway.queryOrder(paid.outTradeNo))!.tradeState).toBe('SUCCESS');
    });

    it('reuses the prepay for a repeated identical order (a double tap) and refuses a changed one', async () => {
      const first = await newOrder();
      const again = await gateway.createJsapiOrder({
        outTradeNo: first.outTradeNo,
        description: '维修加价-更换水龙头',
        amountFen: 2500,
        payerOpenid: 'o-resident-1',
        notifyUrl: receiver.url,
        timeExpire: new Date(Date.now() + 15 * 60_000),
        attach: 'surcharge:1',
      });
      expect(again.prepayId).toBe(first.prepayId);
      await expect(
        gateway.createJsapiOrder({
          outTradeNo: first.outTradeNo,
          description: '维修加价-更换水龙头',
          amountFen: 9900,
          payerOpenid: 'o-resident-1',
          notifyUrl: receiver.url,
          timeExpire: new Date(Date.now() + 15 * 60_000),
        }),
      ).rejects.toMatchObject({ status: 403, code: 'OUT_TRADE_NO_USED', retryable: false });
    });

    it('refuses bad input before calling WeChat Pay', async () => {
      const before = pay.calls();
      const base = {
        outTradeNo: 'S-valid-001',
        description: '加价',
        amountFen: 100,
        payerOpenid: 'o1',
        notifyUrl: receiver.url,
        timeExpire: new Date(),
      };
      for (const bad of [
        { amountFen: 1.5 },
        { amountFen: 0 },
        { outTradeNo: 'x' },
        { notifyUrl: `${receiver.url}?a=1` },
        { description: 'x'.repeat(128) },
      ]) {
        await expect(gateway.createJsapiOrder({ ...base, ...bad })).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
        });
      }
      await expect(
        gateway.refund({
          outTradeNo: 'S-valid-001',
          outRefundNo: 'R1',
          refundFen: 101,
          totalFen: 100,
          notifyUrl: receiver.url,
        }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(pay.calls()).toBe(before);
    });
  });

  describe('refunds', () => {
    it('refunds, queries the refund and reads the REFUND.SUCCESS notification', async () => {
      const notifications: WechatPayNotification[] = [];
      receiver.handler = async (headers, body) => {
        notifications.push(await gateway.parseNotification({ headers, rawBody: body }));
        return 204;
      };
      const { outTradeNo } = await newOrder();
      pay.payOrder(outTradeNo);
      await pay.idle();
      const outRefundNo = `R${outTradeNo}`;
      const input = {
        outTradeNo,
        outRefundNo,
        refundFen: 1000,
        totalFen: 2500,
        reason: '多收',
        notifyUrl: receiver.url,
      };
      const refund = await gateway.refund(input);
      expect(refund).toMatchObject({
        status: 'PROCESSING',
        outRefundNo,
        outTradeNo,
        refundFen: 1000,
        totalFen: 2500,
      });
      expect(refund.refundId).toMatch(/^\d+$/);
      // Same out_refund_no again (a retry after a timeout): the same refund, not a second one.
      expect((await gateway.refund(input)).refundId).toBe(refund.refundId);
      await waitFor(() => notifications.length === 2);
      expect(await gateway.queryRefund(outRefundNo)).toMatchObject({
        status: 'SUCCESS',
        refundId: refund.refundId,
      });
      expect(await gateway.queryRefund('R-unknown')).toBeNull();
      const refundEvent = notifications.find((n) => n.eventType === 'REFUND.SUCCESS')!;
      expect(refundEvent.originalType).toBe('refund');
      expect(parseRefund(refundEvent.resource)).toMatchObject({
        status: 'SUCCESS',
        outRefundNo,
        refundFen: 1000,
      });
    });

    it('keeps a refund PROCESSING until WeChat Pay settles it, then reports ABNORMAL', async () => {
      const slow = await startFakeWechatPay({ autoSettleRefunds: false });
      try {
        const m = slow.createTestMerchant();
        const g = gatewayFor(m);
        const { outTradeNo } = await newOrder(g);
        slow.faultNextNotifications(1, { lose: true });
        slow.payOrder(outTradeNo);
        await g.refund({
          outTradeNo,
          outRefundNo: `R${outTradeNo}`,
          refundFen: 2500,
          totalFen: 2500,
          notifyUrl: receiver.url,
        });
        expect((await g.queryRefund(`R${outTradeNo}`))!.status).toBe('PROCESSING');
        slow.faultNextNotifications(1, { lose: true });
        slow.settleRefund(`R${outTradeNo}`, 'ABNORMAL');
        expect((await g.queryRefund(`R${outTradeNo}`))!.status).toBe('ABNORMAL');
      } finally {
        await slow.close();
      }
    });
  });

  describe('notifications', () => {
    it('verifies and decrypts a payment notification posted to the notify_url', async () => {
      const seen: WechatPayNotification[] = [];
      receiver.handler = async (headers, body) => {
        seen.push(await gateway.parseNotification({ headers, rawBody: body }));
        return 204;
      };
      const { outTradeNo } = await newOrder();
      const paid = pay.payOrder(outTradeNo);
      await pay.idle();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        eventType: 'TRANSACTION.SUCCESS',
        originalType: 'transaction',
        summary: '支付成功',
      });
      expect(seen[0]!.id).toMatch(/^EV-/);
      expect(parseTransaction(seen[0]!.resource)).toMatchObject({
        tradeState: 'SUCCESS',
        outTradeNo,
        transactionId: paid.transactionId,
        amountFen: 2500,
        mchid: merchant.mchid,
        appid: merchant.appid,
      });
    });

    it.each<[NotificationForgery, string]>([
      ['stale_timestamp', 'stale_timestamp'],
      ['signtest', 'signtest'],
      ['unknown_serial', 'unknown_serial'],
      ['bad_signature', 'bad_signature'],
      ['tampered_body', 'bad_signature'],
      ['tampered_ciphertext', 'decrypt_failed'],
    ])('refuses a %s notification (%s)', async (forge, reason) => {
      const { outTradeNo } = await newOrder();
      pay.faultNextNotifications(1, { lose: true });
      pay.payOrder(outTradeNo);
      const notification = pay.signedNotification(outTradeNo, { forge });
      const rejection = await gateway
        .parseNotification({ headers: notification.headers, rawBody: notification.body })
        .catch((error: unknown) => error);
      expect(rejection).toBeInstanceOf(WechatPayNotificationRejected);
      expect((rejection as WechatPayNotificationRejected).reason).toBe(reason);
      // The genuine one still passes.
      const genuine = pay.signedNotification(outTradeNo);
      await expect(
        gateway.parseNotification({ headers: genuine.headers, rawBody: genuine.body }),
      ).resolves.toMatchObject({
        eventType: 'TRANSACTION.SUCCESS',
      });
    });

    it('refuses missing headers, a timestamp from the future and a body given as parsed JSON', async () => {
      const { outTradeNo } = await newOrder();
      pay.faultNextNotifications(1, { lose: true });
      pay.payOrder(outTradeNo);
      const genuine = pay.signedNotification(outTradeNo);
      const { 'Wechatpay-Nonce': _nonce, ...withoutNonce } = genuine.headers;
      await expect(
        gateway.parseNotification({ headers: withoutNonce, rawBody: genuine.body }),
      ).rejects.toMatchObject({
        reason: 'missing_headers',
      });
      const future = pay.signedNotification(outTradeNo, { timestamp: Math.floor(Date.now() / 1000) + 400 });
      await expect(
        gateway.parseNotification({ headers: future.headers, rawBody: future.body }),
      ).rejects.toMatchObject({
        reason: 'stale_timestamp',
      });
      // Re-serialised JSON is not the bytes that were signed.
      const reserialised = JSON.stringify(JSON.parse(genuine.body), null, 1);
      await expect(
        gateway.parseNotification({ headers: genuine.headers, rawBody: reserialised }),
      ).rejects.toMatchObject({
        reason: 'bad_signature',
      });
      // A clock 10 minutes ahead of WeChat Pay's refuses what is fresh to the sender.
      await expect(
        gateway.parseNotification({
          headers: genuine.headers,
          rawBody: genuine.body,
          now: new Date(Date.now() + 600_000),
        }),
      ).rejects.toMatchObject({ reason: 'stale_timestamp' });
    });

    it("refuses a notification signed in the other mode than the merchant's", async () => {
      const pkMerchant = pay.createTestMerchant({ mode: 'public_key' });
      const pkGateway = gatewayFor(pkMerchant);
      const certOrder = await newOrder();
      const pkOrder = await newOrder(pkGateway);
      pay.faultNextNotifications(2, { lose: true });
      pay.payOrder(certOrder.outTradeNo);
      pay.payOrder(pkOrder.outTradeNo);
      const fromCertificate = pay.signedNotification(certOrder.outTradeNo);
      const fromPublicKey = pay.signedNotification(pkOrder.outTradeNo);
      await expect(
        pkGateway.parseNotification({ headers: fromCertificate.headers, rawBody: fromCertificate.body }),
      ).rejects.toMatchObject({ reason: 'wrong_mode' });
      await expect(
        gateway.parseNotification({ headers: fromPublicKey.headers, rawBody: fromPublicKey.body }),
      ).rejects.toMatchObject({ reason: 'wrong_mode' });
    });

    it('leaves the order checks to the caller: a well-signed wrong amount decrypts as sent', async () => {
      const { outTradeNo } = await newOrder();
      pay.faultNextNotifications(1, { lose: true });
      pay.payOrder(outTradeNo);
      const forged = pay.signedNotification(outTradeNo, { forge: 'wrong_amount' });
      const parsed = await gateway.parseNotification({ headers: forged.headers, rawBody: forged.body });
      expect(parseTransaction(parsed.resource).amountFen).toBe(2501);
    });
  });

  describe('platform keys', () => {
    it('downloads platform certificates once, and again on a new serial (at most once a minute)', async () => {
      let offsetMs = 0;
      const store = new PlatformCertificateStore();
      const g = gatewayFor(merchant, { certificates: store, now: () => Date.now() + offsetMs });
      const before = pay.calls('/v3/certificates');
      const { outTradeNo } = await newOrder(g);
      await g.queryOrder(outTradeNo);
      expect(pay.calls('/v3/certificates') - before).toBe(1);
      // A second gateway for the same merchant shares the download.
      await gatewayFor(merchant, { certificates: store }).queryOrder(outTradeNo);
      expect(pay.calls('/v3/certificates') - before).toBe(1);

      const { serialNo } = pay.rotatePlatformCertificate(merchant.mchid);
      // Within a minute of the last download an unknown serial does not trigger another one.
      await expect(g.queryOrder(outTradeNo)).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' });
      expect(pay.calls('/v3/certificates') - before).toBe(1);
      offsetMs = 61_000;
      expect((await g.queryOrder(outTradeNo))!.tradeState).toBe('NOTPAY');
      expect(pay.calls('/v3/certificates') - before).toBe(2);
      expect(store.serials(`${merchant.baseUrl}|${merchant.mchid}`)).toContain(serialNo);
    });

    it('works for a public-key merchant without ever fetching certificates', async () => {
      const pkMerchant = pay.createTestMerchant({ mode: 'public_key' });
      const g = gatewayFor(pkMerchant);
      const before = pay.calls('/v3/certificates');
      const seen: WechatPayNotification[] = [];
      receiver.handler = async (headers, body) => {
        seen.push(await g.parseNotification({ headers, rawBody: body }));
        return 200;
      };
      const { outTradeNo } = await newOrder(g);
      pay.payOrder(outTradeNo);
      await pay.idle();
      expect(seen[0]!.resource).toMatchObject({ out_trade_no: outTradeNo, mchid: pkMerchant.mchid });
      expect(await g.closeOrder(outTradeNo)).toBe('paid');
      expect(pay.calls('/v3/certificates')).toBe(before);
    });

    it('refuses answers signed by a key it was not configured with', async () => {
      const pkMerchant = pay.createTestMerchant({ mode: 'public_key' });
      if (pkMerchant.verification.mode !== 'public_key') throw new Error('expected public-key mode');
      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      const g = gatewayFor({
        ...pkMerchant,
        verification: { ...pkMerchant.verification, publicKeyPem: stranger.toString() },
      });
      await expect(g.queryOrder('S-anything')).rejects.toMatchObject({
        code: 'RESPONSE_SIGNATURE_INVALID',
        retryable: false,
      });
    });
  });

  describe('errors', () => {
    it('maps WeChat Pay errors and transport failures to WechatPayError with retryable', async () => {
      const cases: [Parameters<FakeWechatPay['failNext']>[2], Partial<WechatPayError>][] = [
        [
          { status: 500, code: 'SYSTEM_ERROR' },
          { status: 500, code: 'SYSTEM_ERROR', retryable: true },
        ],
        [
          { status: 429, code: 'FREQUENCY_LIMITED' },
          { status: 429, code: 'FREQUENCY_LIMITED', retryable: true },
        ],
        [
          { status: 400, code: 'PARAM_ERROR' },
          { status: 400, code: 'PARAM_ERROR', retryable: false },
        ],
        [
          { status: 403, code: 'NO_AUTH' },
          { status: 403, code: 'NO_AUTH', retryable: false },
        ],
      ];
      for (const [failure, expected] of cases) {
        pay.failNext('/v3/pay/transactions/jsapi', 1, failure);
        const error = await newOrder().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WechatPayError);
        expect(error).toMatchObject(expected);
      }
      const impatient = gatewayFor(merchant, { timeoutMs: 100 });
      pay.failNext('/v3/pay/transactions/jsapi', 1, { delayMs: 400 });
      await expect(newOrder(impatient)).rejects.toMatchObject({
        status: 0,
        code: 'TIMEOUT',
        retryable: true,
      });
      const nowhere = gatewayFor({ ...merchant, baseUrl: 'http://127.0.0.1:1' });
      await expect(nowhere.queryOrder('S-anything')).rejects.toMatchObject({
        code: 'NETWORK',
        retryable: true,
      });
    });

    it('refuses a wrongly signed request (SIGN_ERROR) and keeps keys out of errors and inspection', async () => {
      const other = pay.createTestMerchant();
      const mixed = gatewayFor({ ...merchant, privateKeyPem: other.privateKeyPem });
      const error = await mixed.queryOrder('S-anything').catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 401, code: 'SIGN_ERROR', retryable: false });
      const shown = `${inspect(gateway, { depth: 10, showHidden: true })} ${String(error)} ${JSON.stringify(gateway)}`;
      expect(shown).not.toContain('PRIVATE KEY');
      expect(shown).not.toContain(merchant.apiV3Key);
    });
  });
});

interface Receiver {
  url: string;
  handler?: (headers: IncomingHttpHeaders, body: Buffer) => Promise<number>;
  close(): Promise<void>;
}

/** A notify_url: hands each raw body to `handler` and answers its status (4xx/5xx on a rejection). */
async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', close: () => Promise.resolve() };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const handle = receiver.handler ?? (() => Promise.resolve(204));
      handle(req.headers, Buffer.concat(chunks))
        .catch((error: unknown) => (error instanceof WechatPayNotificationRejected ? 400 : 500))
        .then((status) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(status < 300 ? '' : JSON.stringify({ code: 'FAIL', message: '失败' }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/payments/wechat/notify`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
