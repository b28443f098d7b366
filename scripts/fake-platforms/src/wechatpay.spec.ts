import {
  X509Certificate,
  createDecipheriv,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeWechatPay } from './wechatpay';
import { NOTIFY_RETRY_SECONDS } from './wechatpay-notifier';
import type { FakeWechatPay, TestWechatPayMerchant } from './wechatpay-types';

/** A minimal merchant-side client, written here so the fake is checked from the outside. */
async function call(
  merchant: TestWechatPayMerchant,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  json?: unknown,
  tweak: { timestamp?: number; signWith?: string; serialNo?: string; reorder?: boolean } = {},
): Promise<{ status: number; body: Record<string, unknown>; raw: string; headers: Headers }> {
  const body = json === undefined ? '' : JSON.stringify(json);
  const timestamp = String(tweak.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const message = `${method}\n${pathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`;
  const signature = sign('sha256', Buffer.from(message), tweak.signWith ?? merchant.privateKeyPem).toString(
    'base64',
  );
  const fields = [
    `mchid="${merchant.mchid}"`,
    `nonce_str="${nonce}"`,
    `signature="${signature}"`,
    `timestamp="${timestamp}"`,
    `serial_no="${tweak.serialNo ?? merchant.serialNo}"`,
  ];
  if (tweak.reorder) fields.reverse();
  const response = await fetch(`${merchant.baseUrl}${pathAndQuery}`, {
    method,
    headers: {
      Authorization: `WECHATPAY2-SHA256-RSA2048 ${fields.join(',')}`,
      Accept: 'application/json',
      ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: json === undefined ? undefined : body,
  });
  const raw = await response.text();
  return {
    status: response.status,
    body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
    raw,
    headers: response.headers,
  };
}

function jsapiBody(
  merchant: TestWechatPayMerchant,
  outTradeNo: string,
  notifyUrl: string,
  total = 100,
): Record<string, unknown> {
  return {
    appid: merchant.appid,
    mchid: merchant.mchid,
    description: '维修加价',
    out_trade_no: outTradeNo,
    notify_url: notifyUrl,
    amount: { total, currency: 'CNY' },
    payer: { openid: 'o-payer' },
  };
}

function gcmDecrypt(key: string, resource: Record<string, string>): string {
  const data = Buffer.from(resource.ciphertext!, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(resource.nonce!));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data!));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString();
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A merchant notify endpoint: records what arrives, answers what `answer` says. */
async function startReceiver(answer: (count: number) => number = () => 204) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      const status = answer(received.length);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status < 300 ? '' : JSON.stringify({ code: 'FAIL', message: '失败' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pay/notify`;
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function outTradeNo(): string {
  return `T${randomBytes(8).toString('hex')}`;
}

describe('fake WeChat Pay', () => {
  let pay: FakeWechatPay;
  let merchant: TestWechatPayMerchant;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let answer: (count: number) => number;

  beforeEach(async () => {
    pay = await startFakeWechatPay({ timeScale: 0.0002 });
    merchant = pay.createTestMerchant();
    answer = () => 204;
    receiver = await startReceiver((count) => answer(count));
  });

  afterEach(async () => {
    await pay.close();
    await receiver.close();
  });

  describe('request signatures', () => {
    it('accepts a well-signed request whatever the order of the Authorization fields', async () => {
      const reply = await call(
        merchant,
        'POST',
        '/v3/pay/transactions/jsapi',
        jsapiBody(merchant, outTradeNo(), receiver.url),
        {
          reorder: true,
        },
      );
      expect(reply.status).toBe(200);
      expect(reply.body.prepay_id).toMatch(/^wx\d{12}[0-9a-f]{24}$/);
    });

    it.each([
      ['a signature by another key', { signWith: createOtherKey() }],
      ['a timestamp 6 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
      ['another certificate serial', { serialNo: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' }],
    ])('refuses %s with 401 SIGN_ERROR', async (_name, tweak) => {
      const reply = await call(
        merchant,
        'GET',
        `/v3/pay/transactions/out-trade-no/T000001?mchid=${merchant.mchid}`,
        undefined,
        tweak,
      );
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('SIGN_ERROR');
    });

    it('refuses a missing Authorization and a body changed after signing', async () => {
      const missing = await fetch(`${pay.baseUrl}/v3/certificates`);
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as { code: string }).code).toBe('SIGN_ERROR');

      const body = JSON.stringify(jsapiBody(merchant, outTradeNo(), receiver.url));
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signed = sign(
        'sha256',
        Buffer.from(`POST\n/v3/pay/transactions/jsapi\n${timestamp}\nn1\n${body}\n`),
        merchant.privateKeyPem,
      );
      const tampered = await fetch(`${pay.baseUrl}/v3/pay/transactions/jsapi`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${merchant.mchid}",nonce_str="n1",timestamp="${timestamp}",serial_no="${merchant.serialNo}",signature="${signed.toString('base64')}"`,
        },
        body: body.replace('"total":100', '"total":1'),
      });
      expect(tampered.status).toBe(401);
    });
  });

  describe('answers', () => {
    it('signs every answer, 204 included, with the platform certificate it serves encrypted', async () => {
      const listing = await call(merchant, 'GET', '/v3/certificates');
      expect(listing.status).toBe(200);
      const [entry] = listing.body.data as {
        serial_no: string;
        encrypt_certificate: Record<string, string>;
      }[];
      expect(entry!.encrypt_certificate.associated_data).toBe('certificate');
      const certificate = new X509Certificate(gcmDecrypt(merchant.apiV3Key, entry!.encrypt_certificate));
      expect(certificate.serialNumber.toUpperCase()).toBe(entry!.serial_no);

      const no = outTradeNo();
      await call(merchant, 'POST', '/v3/pay/transactions/jsapi', jsapiBody(merchant, no, receiver.url));
      const closed = await call(merchant, 'POST', `/v3/pay/transactions/out-trade-no/${no}/close`, {
        mchid: merchant.mchid,
      });
      expect(closed.status).toBe(204);
      for (const reply of [listing, closed]) {
        expect(reply.headers.get('wechatpay-serial')).toBe(entry!.serial_no);
        const message = `${reply.headers.get('wechatpay-timestamp')}\n${reply.headers.get('wechatpay-nonce')}\n${reply.raw}\n`;
        const signature = Buffer.from(reply.headers.get('wechatpay-signature')!, 'base64');
        expect(verify('sha256', Buffer.from(message), certificate.publicKey, signature)).toBe(true);
      }
    });

    it('signs with the PUB_KEY_ID key for a public-key merchant, which has no platform certificates', async () => {
      const pkMerchant = pay.createTestMerchant({ mode: 'public_key' });
      if (pkMerchant.verification.mode !== 'public_key') throw new Error('expected public-key mode');
      expect(pkMerchant.verification.keyId).toMatch(/^PUB_KEY_ID_\d{30}$/);
      const reply = await call(
        pkMerchant,
        'GET',
        `/v3/pay/transactions/out-trade-no/Tnone01?mchid=${pkMerchant.mchid}`,
      );
      expect(reply.status).toBe(404);
      expect(reply.body.code).toBe('ORDER_NOT_EXIST');
      expect(reply.headers.get('wechatpay-serial')).toBe(pkMerchant.verification.keyId);
      const message = `${reply.headers.get('wechatpay-timestamp')}\n${reply.headers.get('wechatpay-nonce')}\n${reply.raw}\n`;
      const key = createPublicKey(pkMerchant.verification.publicKeyPem);
      expect(
        verify(
          'sha256',
          Buffer.from(message),
          key,
          Buffer.from(reply.headers.get('wechatpay-signature')!, 'base64'),
        ),
      ).toBe(true);
      expect((await call(pkMerchant, 'GET', '/v3/certificates')).status).toBe(404);
    });

    it('rotates the platform certificate: new answers carry the new serial, both are listed', async () => {
      const before = pay.platformCertificateSerials(merchant.mchid);
      const { serialNo } = pay.rotatePlatformCertificate(merchant.mchid);
      expect(pay.platformCertificateSerials(merchant.mchid)).toEqual([...before, serialNo]);
      const reply = await call(merchant, 'GET', '/v3/certificates');
      expect(reply.headers.get('wechatpay-serial')).toBe(serialNo);
      expect((reply.body.data as unknown[]).length).toBe(2);
    });
  });

  describe('orders', () => {
    it('creates once per out_trade_no: the same request gets the same prepay_id, a changed one OUT_TRADE_NO_USED', async () => {
      const no = outTradeNo();
      const first = await call(
        merchant,
        'POST',
        '/v3/pay/transactions/jsapi',
        jsapiBody(merchant, no, receiver.url),
      );
      const again = await call(
        merchant,
        'POST',
        '/v3/pay/transactions/jsapi',
        jsapiBody(merchant, no, receiver.url),
      );
      expect(again.body.prepay_id).toBe(first.body.prepay_id);
      const changed = await call(
        merchant,
        'POST',
        '/v3/pay/transactions/jsapi',
        jsapiBody(merchant, no, receiver.url, 101),
      );
      expect([changed.status, changed.body.code]).toEqual([403, 'OUT_TRADE_NO_USED']);
      expect(pay.order(no)?.prepayCount).toBe(2);
    });

    it.each([
      ['another appid', { appid: 'wxother' }, 'APPID_MCHID_NOT_MATCH'],
      ['a zero amount', { amount: { total: 0 } }, 'PARAM_ERROR'],
      ['a fractional amount', { amount: { total: 1.5 } }, 'PARAM_ERROR'],
      ['a notify_url with a query', { notify_url: 'https://example.com/n?x=1' }, 'PARAM_ERROR'],
      ['a short out_trade_no', { out_trade_no: 'T1' }, 'PARAM_ERROR'],
      ['another mchid', { mchid: '1900000000' }, 'PARAM_ERROR'],
    ])('refuses %s', async (_name, change, code) => {
      const reply = await call(merchant, 'POST', '/v3/pay/transactions/jsapi', {
        ...jsapiBody(merchant, outTradeNo(), receiver.url),
        ...change,
      });
      expect([reply.status, reply.body.code]).toEqual([400, code]);
    });

    it('queries NOTPAY then SUCCESS; close answers ORDERPAID once paid', async () => {
      const no = outTradeNo();
      await call(merchant, 'POST', '/v3/pay/transactions/jsapi', {
        ...jsapiBody(merchant, no, receiver.url),
        attach: 'ticket-1',
      });
      const unpaid = await call(
        merchant,
        'GET',
        `/v3/pay/transactions/out-trade-no/${no}?mchid=${merchant.mchid}`,
      );
      expect(unpaid.body).toMatchObject({ trade_state: 'NOTPAY', out_trade_no: no, attach: 'ticket-1' });
      expect(unpaid.body.transaction_id).toBeUndefined();

      const paid = pay.payOrder(no);
      const query = await call(
        merchant,
        'GET',
        `/v3/pay/transactions/out-trade-no/${no}?mchid=${merchant.mchid}`,
      );
      expect(query.body).toMatchObject({
        trade_state: 'SUCCESS',
        transaction_id: paid.transactionId,
        amount: { total: 100, payer_total: 100, currency: 'CNY' },
        payer: { openid: 'o-payer' },
      });
      const byId = await call(
        merchant,
        'GET',
        `/v3/pay/transactions/id/${paid.transactionId}?mchid=${merchant.mchid}`,
      );
      expect(byId.body.out_trade_no).toBe(no);
      const close = await call(merchant, 'POST', `/v3/pay/transactions/out-trade-no/${no}/close`, {
        mchid: merchant.mchid,
      });
      expect([close.status, close.body.code]).toEqual([400, 'ORDERPAID']);
    });

    it('refunds a paid order once per out_refund_no and settles it with a REFUND.SUCCESS notification', async () => {
      const no = outTradeNo();
      await call(merchant, 'POST', '/v3/pay/transactions/jsapi', jsapiBody(merchant, no, receiver.url));
      const unpaid = await call(merchant, 'POST', '/v3/refund/domestic/refunds', {
        out_trade_no: no,
        out_refund_no: `R${no}`,
        amount: { refund: 100, total: 100, currency: 'CNY' },
      });
      expect([unpaid.status, unpaid.body.code]).toEqual([404, 'RESOURCE_NOT_EXISTS']);
      pay.payOrder(no);
      await pay.idle();
      const request = {
        out_trade_no: no,
        out_refund_no: `R${no}`,
        notify_url: receiver.url,
        amount: { refund: 60, total: 100, currency: 'CNY' },
      };
      const created = await call(merchant, 'POST', '/v3/refund/domestic/refunds', request);
      expect(created.body).toMatchObject({
        status: 'PROCESSING',
        out_refund_no: `R${no}`,
        amount: { refund: 60, total: 100 },
      });
      const repeated = await call(merchant, 'POST', '/v3/refund/domestic/refunds', request);
      expect(repeated.body.refund_id).toBe(created.body.refund_id);
      const tooMuch = await call(merchant, 'POST', '/v3/refund/domestic/refunds', {
        ...request,
        out_refund_no: `S${no}`,
        amount: { refund: 50, total: 100, currency: 'CNY' },
      });
      expect([tooMuch.status, tooMuch.body.code]).toEqual([400, 'INVALID_REQUEST']);

      await waitFor(() => receiver.received.length === 2);
      await pay.idle();
      const query = await call(merchant, 'GET', `/v3/refund/domestic/refunds/R${no}`);
      expect(query.body).toMatchObject({ status: 'SUCCESS', refund_id: created.body.refund_id });
      expect(typeof query.body.success_time).toBe('string');
      const notification = JSON.parse(receiver.received[1]!.body) as {
        event_type: string;
        resource: Record<string, string>;
      };
      expect(notification.event_type).toBe('REFUND.SUCCESS');
      expect(JSON.parse(gcmDecrypt(merchant.apiV3Key, notification.resource))).toMatchObject({
        out_refund_no: `R${no}`,
        refund_status: 'SUCCESS',
        amount: { refund: 60, total: 100 },
      });
      const order = await call(
        merchant,
        'GET',
        `/v3/pay/transactions/out-trade-no/${no}?mchid=${merchant.mchid}`,
      );
      expect(order.body.trade_state).toBe('REFUND');
      expect((await call(merchant, 'GET', '/v3/refund/domestic/refunds/Runknown')).status).toBe(404);
    });

    it('failNext answers the given error (signed) once, then the route works again', async () => {
      pay.failNext('/v3/pay/transactions/jsapi', 1, { status: 429, code: 'FREQUENCY_LIMITED' });
      const body = jsapiBody(merchant, outTradeNo(), receiver.url);
      const limited = await call(merchant, 'POST', '/v3/pay/transactions/jsapi', body);
      expect([limited.status, limited.body.code]).toEqual([429, 'FREQUENCY_LIMITED']);
      expect(limited.headers.get('wechatpay-signature')).toBeTruthy();
      expect((await call(merchant, 'POST', '/v3/pay/transactions/jsapi', body)).status).toBe(200);
      expect(pay.calls('/v3/pay/transactions/jsapi')).toBe(2);
    });
  });

  describe('notifications', () => {
    async function paidOrder(): Promise<string> {
      const no = outTradeNo();
      await call(merchant, 'POST', '/v3/pay/transactions/jsapi', {
        ...jsapiBody(merchant, no, receiver.url),
        attach: 'a',
      });
      pay.payOrder(no);
      return no;
    }

    it('posts a signed, encrypted TRANSACTION.SUCCESS to the notify_url', async () => {
      const no = await paidOrder();
      await pay.idle();
      expect(receiver.received).toHaveLength(1);
      const { headers, body } = receiver.received[0]!;
      const parsed = JSON.parse(body) as {
        id: string;
        event_type: string;
        resource_type: string;
        resource: Record<string, string>;
      };
      expect(parsed).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource' });
      expect(parsed.resource).toMatchObject({
        algorithm: 'AEAD_AES_256_GCM',
        associated_data: 'transaction',
        original_type: 'transaction',
      });
      expect(parsed.resource.nonce).toHaveLength(12);
      expect(headers['wechatpay-signature-type']).toBe('WECHATPAY2-SHA256-RSA2048');
      expect(JSON.parse(gcmDecrypt(merchant.apiV3Key, parsed.resource))).toMatchObject({
        mchid: merchant.mchid,
        appid: merchant.appid,
        out_trade_no: no,
        trade_state: 'SUCCESS',
        attach: 'a',
        amount: { total: 100, payer_total: 100 },
      });
    });

    it('retries a refused notification on the schedule (scaled), then stops after a success', async () => {
      answer = (count) => (count <= 3 ? 500 : 200);
      const no = await paidOrder();
      await pay.idle();
      const attempts = pay.notificationLog().filter((a) => a.outTradeNo === no);
      expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
        [0, 500],
        [1, 500],
        [2, 500],
        [3, 200],
      ]);
      expect(new Set(receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id)).size).toBe(1);
      expect(NOTIFY_RETRY_SECONDS.reduce((a, b) => a + b, 0)).toBe(24 * 3600 + 4 * 60);
    });

    it('gives up after 15 retries', async () => {
      answer = () => 503;
      await pay.close();
      pay = await startFakeWechatPay({ timeScale: 0.00002 });
      merchant = pay.createTestMerchant();
      await paidOrder();
      await pay.idle();
      expect(pay.notificationLog().map((a) => a.attempt)).toEqual([...Array(16).keys()]);
    });

    it('loses, duplicates and delays notifications on request', async () => {
      pay.faultNextNotifications(1, { lose: true });
      const lost = await paidOrder();
      await pay.idle();
      expect(receiver.received).toHaveLength(0);
      expect(pay.notificationLog()).toEqual([expect.objectContaining({ outTradeNo: lost, status: -1 })]);

      pay.faultNextNotifications(1, { duplicate: 3, delayMs: 50 });
      const started = Date.now();
      await paidOrder();
      await pay.idle();
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
      expect(receiver.received).toHaveLength(4);
      expect(new Set(receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id)).size).toBe(1);
    });

    it('reorders held notifications', async () => {
      pay.holdNotifications();
      const first = await paidOrder();
      const second = await paidOrder();
      pay.releaseNotifications({ reverse: true });
      await pay.idle();
      const order = pay.notificationLog().map((a) => a.outTradeNo);
      expect(order).toEqual([second, first]);
    });

    it('forges notifications: bad signature, SIGNTEST, wrong amount (well signed), not retried', async () => {
      answer = () => 400;
      pay.faultNextNotifications(3, { forge: 'wrong_amount' });
      const no = await paidOrder();
      await pay.idle();
      expect(pay.notificationLog()).toEqual([
        expect.objectContaining({ forged: 'wrong_amount', attempt: 0 }),
      ]);
      const parsed = JSON.parse(receiver.received[0]!.body) as { resource: Record<string, string> };
      expect(JSON.parse(gcmDecrypt(merchant.apiV3Key, parsed.resource)).amount.total).toBe(101);

      const signtest = pay.signedNotification(no, { forge: 'signtest' });
      expect(signtest.headers['Wechatpay-Signature']).toMatch(/^WECHATPAY\/SIGNTEST\//);
      const stale = pay.signedNotification(no, { forge: 'stale_timestamp' });
      expect(Math.floor(Date.now() / 1000) - Number(stale.headers['Wechatpay-Timestamp'])).toBeGreaterThan(
        300,
      );
    });

    it('delivers again on notifyAgain with a fresh signature and the same event id', async () => {
      const no = await paidOrder();
      await pay.idle();
      pay.notifyAgain(no);
      await pay.idle();
      const [a, b] = receiver.received;
      expect(JSON.parse(a!.body).id).toBe(JSON.parse(b!.body).id);
      expect(a!.headers['wechatpay-nonce']).not.toBe(b!.headers['wechatpay-nonce']);
    });
  });
});

function createOtherKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
