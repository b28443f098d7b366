import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { startFakeWechatPay } from './wechatpay';
import type { FakeWechatPay, TestWechatPayMerchant } from './wechatpay-types';

/**
 * The fake checked against scripts/wechatpay-vectors (openssl for RSA, written from the documented
 * algorithm, no code shared with the fake), so the fake cannot drift into a private dialect.
 */
const SCRIPT = resolve(__dirname, '../../wechatpay-vectors/vectors.mjs');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the script answers loosely typed JSON
function vectors(...ops: Record<string, unknown>[]): any[] {
  return JSON.parse(execFileSync(process.execPath, [SCRIPT], { input: JSON.stringify(ops) }).toString());
}

describe('fake WeChat Pay against the reference vectors', () => {
  let pay: FakeWechatPay;
  let merchant: TestWechatPayMerchant;

  beforeAll(async () => {
    pay = await startFakeWechatPay();
    merchant = pay.createTestMerchant();
  });

  afterAll(() => pay.close());

  it('makes merchant certificates whose serial openssl reads the same', () => {
    const [{ serialNo }] = vectors({ op: 'certificateSerial', certificatePem: merchant.certificatePem });
    expect(serialNo).toBe(merchant.serialNo);
  });

  it('accepts an Authorization built by the reference and refuses it once the body changes', async () => {
    const body = JSON.stringify({
      appid: merchant.appid,
      mchid: merchant.mchid,
      description: '参考向量',
      out_trade_no: `V${randomBytes(6).toString('hex')}`,
      notify_url: 'https://example.com/pay/notify',
      amount: { total: 1, currency: 'CNY' },
      payer: { openid: 'o-vector' },
    });
    const [auth] = vectors({
      op: 'authorization',
      privateKeyPem: merchant.privateKeyPem,
      mchid: merchant.mchid,
      serialNo: merchant.serialNo,
      method: 'POST',
      pathAndQuery: '/v3/pay/transactions/jsapi',
      timestamp: String(Math.floor(Date.now() / 1000)),
      nonce: randomBytes(16).toString('hex'),
      body,
    });
    const post = (payload: string) =>
      fetch(`${pay.baseUrl}/v3/pay/transactions/jsapi`, {
        method: 'POST',
        headers: { Authorization: auth.header, 'Content-Type': 'application/json' },
        body: payload,
      });
    expect((await post(body)).status).toBe(200);
    expect((await post(body.replace('"total":1', '"total":2'))).status).toBe(401);
  });

  it('signs answers so the reference verifies them with the certificate it decrypts', async () => {
    const [auth] = vectors({
      op: 'authorization',
      privateKeyPem: merchant.privateKeyPem,
      mchid: merchant.mchid,
      serialNo: merchant.serialNo,
      method: 'GET',
      pathAndQuery: '/v3/certificates',
      timestamp: String(Math.floor(Date.now() / 1000)),
      nonce: randomBytes(16).toString('hex'),
      body: '',
    });
    const response = await fetch(`${pay.baseUrl}/v3/certificates`, {
      headers: { Authorization: auth.header },
    });
    const raw = await response.text();
    const entry = (JSON.parse(raw) as { data: { encrypt_certificate: Record<string, string> }[] }).data[0]!;
    const [certificate] = vectors({
      op: 'decrypt',
      key: merchant.apiV3Key,
      nonce: entry.encrypt_certificate.nonce,
      associatedData: entry.encrypt_certificate.associated_data,
      ciphertext: entry.encrypt_certificate.ciphertext,
    });
    expect(certificate.ok).toBe(true);
    const check = (body: string) => ({
      op: 'verifyAnswer',
      certificatePem: certificate.plaintext,
      timestamp: response.headers.get('wechatpay-timestamp'),
      nonce: response.headers.get('wechatpay-nonce'),
      body,
      signature: response.headers.get('wechatpay-signature'),
    });
    const [genuine, altered] = vectors(check(raw), check(`${raw} `));
    expect(genuine.valid).toBe(true);
    expect(altered.valid).toBe(false);
  });

  it('sends notifications the reference verifies (public-key mode) and decrypts', async () => {
    const pkMerchant = pay.createTestMerchant({ mode: 'public_key' });
    if (pkMerchant.verification.mode !== 'public_key') throw new Error('expected public-key mode');
    const [auth] = vectors({
      op: 'authorization',
      privateKeyPem: pkMerchant.privateKeyPem,
      mchid: pkMerchant.mchid,
      serialNo: pkMerchant.serialNo,
      method: 'POST',
      pathAndQuery: '/v3/pay/transactions/jsapi',
      timestamp: String(Math.floor(Date.now() / 1000)),
      nonce: 'vector-nonce',
      body: JSON.stringify({
        appid: pkMerchant.appid,
        mchid: pkMerchant.mchid,
        description: '参考向量',
        out_trade_no: 'VECTOR-0001',
        notify_url: 'http://127.0.0.1:9/notify',
        amount: { total: 321 },
        payer: { openid: 'o-vector' },
      }),
    });
    const created = await fetch(`${pay.baseUrl}/v3/pay/transactions/jsapi`, {
      method: 'POST',
      headers: { Authorization: auth.header, 'Content-Type': 'application/json' },
      body: auth.message.split('\n')[4],
    });
    expect(created.status).toBe(200);
    pay.faultNextNotifications(1, { lose: true });
    pay.payOrder('VECTOR-0001');
    const notification = pay.signedNotification('VECTOR-0001');
    const envelope = JSON.parse(notification.body) as { resource: Record<string, string> };
    const [verified, decrypted] = vectors(
      {
        op: 'verifyAnswer',
        publicKeyPem: pkMerchant.verification.publicKeyPem,
        timestamp: notification.headers['Wechatpay-Timestamp'],
        nonce: notification.headers['Wechatpay-Nonce'],
        body: notification.body,
        signature: notification.headers['Wechatpay-Signature'],
      },
      {
        op: 'decrypt',
        key: pkMerchant.apiV3Key,
        nonce: envelope.resource.nonce,
        associatedData: envelope.resource.associated_data,
        ciphertext: envelope.resource.ciphertext,
      },
    );
    expect(notification.headers['Wechatpay-Serial']).toBe(pkMerchant.verification.keyId);
    expect(verified.valid).toBe(true);
    expect(decrypted.ok).toBe(true);
    expect(JSON.parse(decrypted.plaintext)).toMatchObject({
      mchid: pkMerchant.mchid,
      out_trade_no: 'VECTOR-0001',
      amount: { total: 321 },
    });
  });
});
