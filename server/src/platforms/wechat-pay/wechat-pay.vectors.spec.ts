import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { PlatformCertificateStore } from './platform-certificates';
import { WechatPayGateway } from './wechat-pay.gateway';
import type { WechatPayMerchant } from './wechat-pay.types';

/**
 * The gateway checked against scripts/wechatpay-vectors: a reference written from the documented
 * algorithm on the openssl command line, sharing no code with the gateway or the fake. Keys and the
 * merchant certificate come from `openssl` too, made fresh for this run.
 */
const SCRIPT = resolve(__dirname, '../../../../scripts/wechatpay-vectors/vectors.mjs');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the script answers loosely typed JSON
function vectors(...ops: Record<string, unknown>[]): any[] {
  return JSON.parse(execFileSync(process.execPath, [SCRIPT], { input: JSON.stringify(ops) }).toString());
}

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

function pemBlock(text: string, label: string): string {
  const match = text.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----\\n?`));
  if (!match) throw new Error(`no ${label} in openssl output`);
  return match[0];
}

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface CannedAnswer {
  status: number;
  body: string;
  /** Changes the body after it was signed. */
  tamper?: (body: string) => string;
}

describe('WeChat Pay gateway against the reference vectors', () => {
  const mchid = '1900000109';
  const appid = 'wxd678efh567hg6787';
  const apiV3Key = randomBytes(16).toString('hex');
  const keyId = 'PUB_KEY_ID_0119000001092025010100000000000000';
  let merchantKeyPem: string;
  let merchantCertificatePem: string;
  let serialNo: string;
  let platformKeyPem: string;
  let platformPublicKeyPem: string;
  let server: Server;
  let captured: Captured[];
  let answer: CannedAnswer;
  let gateway: WechatPayGateway;

  beforeAll(async () => {
    const made = openssl([
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '-', '-out', '-',
      '-subj', `/C=CN/O=Test Merchant/CN=${mchid}`, '-days', '2',
    ]); // prettier-ignore
    merchantKeyPem = pemBlock(made, 'PRIVATE KEY');
    merchantCertificatePem = pemBlock(made, 'CERTIFICATE');
    [{ serialNo }] = vectors({ op: 'certificateSerial', certificatePem: merchantCertificatePem });
    platformKeyPem = openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
    platformPublicKeyPem = execFileSync('openssl', ['pkey', '-pubout'], { input: platformKeyPem }).toString();

    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        captured.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const nonce = randomBytes(16).toString('hex');
        const [{ signature }] = vectors({
          op: 'answerSignature',
          privateKeyPem: platformKeyPem,
          timestamp,
          nonce,
          body: answer.body,
        });
        const sent = answer.tamper ? answer.tamper(answer.body) : answer.body;
        res.writeHead(answer.status, {
          ...(sent === '' ? {} : { 'Content-Type': 'application/json' }),
          'Wechatpay-Timestamp': timestamp,
          'Wechatpay-Nonce': nonce,
          'Wechatpay-Signature': signature,
          'Wechatpay-Serial': keyId,
          'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
        });
        res.end(sent);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  beforeEach(() => {
    captured = [];
    const merchant: WechatPayMerchant = {
      mchid,
      appid,
      serialNo,
      privateKeyPem: merchantKeyPem,
      certificatePem: merchantCertificatePem,
      apiV3Key,
      verification: { mode: 'public_key', keyId, publicKeyPem: platformPublicKeyPem },
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    };
    gateway = new WechatPayGateway(merchant, { certificates: new PlatformCertificateStore() });
  });

  /** The reference re-derives the request signature from what arrived and compares it bit for bit. */
  function expectRequestSignedPerSpec(request: Captured): void {
    const [checked] = vectors({
      op: 'verifyRequest',
      certificatePem: merchantCertificatePem,
      authorization: request.headers.authorization,
      method: request.method,
      pathAndQuery: request.url,
      body: request.body,
    });
    expect(checked.valid).toBe(true);
    expect(checked.serialMatches).toBe(true);
    expect(checked.fields.mchid).toBe(mchid);
    const [reference] = vectors({
      op: 'authorization',
      privateKeyPem: merchantKeyPem,
      mchid,
      serialNo,
      method: request.method,
      pathAndQuery: request.url,
      timestamp: checked.fields.timestamp,
      nonce: checked.fields.nonce_str,
      body: request.body,
    });
    expect(checked.fields.signature).toBe(reference.signature);
  }

  it('signs a GET per §2.2 and accepts an answer the reference signed', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({
        appid,
        mchid,
        out_trade_no: 'SURCHARGE-0001',
        trade_state: 'NOTPAY',
        trade_state_desc: '未支付',
        amount: { total: 1234, currency: 'CNY' },
      }),
    };
    expect(await gateway.queryOrder('SURCHARGE-0001')).toMatchObject({
      tradeState: 'NOTPAY',
      amountFen: 1234,
    });
    expect(captured[0]!.url).toBe(`/v3/pay/transactions/out-trade-no/SURCHARGE-0001?mchid=${mchid}`);
    expectRequestSignedPerSpec(captured[0]!);
  });

  it('signs a POST body byte for byte, and its paySign equals the reference', async () => {
    answer = { status: 200, body: JSON.stringify({ prepay_id: 'wx201410272009395522657a690389285100' }) };
    const order = await gateway.createJsapiOrder({
      outTradeNo: 'SURCHARGE-0002',
      description: '加价：更换角阀',
      amountFen: 3500,
      payerOpenid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      notifyUrl: 'https://repair.example.com/api/payments/wechat/notify',
      timeExpire: new Date('2025-06-08T02:34:56Z'),
    });
    const request = captured[0]!;
    expectRequestSignedPerSpec(request);
    expect(JSON.parse(request.body)).toMatchObject({
      appid,
      mchid,
      out_trade_no: 'SURCHARGE-0002',
      time_expire: '2025-06-08T10:34:56+08:00',
      amount: { total: 3500, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    });
    const { requestPayment } = order;
    const [reference] = vectors({
      op: 'paySign',
      privateKeyPem: merchantKeyPem,
      appId: appid,
      timeStamp: requestPayment.timeStamp,
      nonceStr: requestPayment.nonceStr,
      package: 'prepay_id=wx201410272009395522657a690389285100',
    });
    expect(requestPayment.package).toBe('prepay_id=wx201410272009395522657a690389285100');
    expect(requestPayment.paySign).toBe(reference.signature);
  });

  it('accepts a signed empty 204 and refuses an answer changed after signing', async () => {
    answer = { status: 204, body: '' };
    expect(await gateway.closeOrder('SURCHARGE-0003')).toBe('closed');
    expect(JSON.parse(captured[0]!.body)).toEqual({ mchid });
    expectRequestSignedPerSpec(captured[0]!);

    answer = {
      status: 200,
      body: JSON.stringify({
        appid,
        mchid,
        out_trade_no: 'SURCHARGE-0003',
        trade_state: 'NOTPAY',
        trade_state_desc: '',
      }),
      tamper: (body) => body.replace('NOTPAY', 'SUCCESS'),
    };
    await expect(gateway.queryOrder('SURCHARGE-0003')).rejects.toMatchObject({
      code: 'RESPONSE_SIGNATURE_INVALID',
    });
  });

  describe('notifications made by the reference', () => {
    const transaction = {
      appid,
      mchid,
      out_trade_no: 'SURCHARGE-0004',
      transaction_id: '4200000000000000000000000000',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      success_time: '2018-06-08T10:34:56+08:00',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
    };

    function notification(options: { associatedData?: string; flipCiphertext?: boolean } = {}) {
      const nonce = 'fdasflkja484';
      const [{ ciphertext }] = vectors({
        op: 'encrypt',
        key: apiV3Key,
        nonce,
        associatedData: 'transaction',
        plaintext: JSON.stringify(transaction),
      });
      let sent = ciphertext as string;
      if (options.flipCiphertext) {
        const bytes = Buffer.from(sent, 'base64');
        bytes[3] = bytes[3]! ^ 0x80;
        sent = bytes.toString('base64');
      }
      const body = JSON.stringify({
        id: 'EV-2018022511223320873',
        create_time: '2015-05-20T13:29:35+08:00',
        resource_type: 'encrypt-resource',
        event_type: 'TRANSACTION.SUCCESS',
        summary: '支付成功',
        resource: {
          original_type: 'transaction',
          algorithm: 'AEAD_AES_256_GCM',
          ciphertext: sent,
          associated_data: options.associatedData ?? 'transaction',
          nonce,
        },
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const [{ signature }] = vectors({
        op: 'answerSignature',
        privateKeyPem: platformKeyPem,
        timestamp,
        nonce: 'N0NCE',
        body,
      });
      return {
        rawBody: Buffer.from(body),
        headers: {
          'wechatpay-timestamp': timestamp,
          'wechatpay-nonce': 'N0NCE',
          'wechatpay-signature': signature as string,
          'wechatpay-serial': keyId,
        },
      };
    }

    it('verifies and decrypts it to the documented plaintext', async () => {
      const parsed = await gateway.parseNotification(notification());
      expect(parsed).toMatchObject({ id: 'EV-2018022511223320873', eventType: 'TRANSACTION.SUCCESS' });
      expect(parsed.resource).toEqual(transaction);
    });

    it('refuses it when the GCM tag does not match (ciphertext flipped, associated_data changed)', async () => {
      await expect(gateway.parseNotification(notification({ flipCiphertext: true }))).rejects.toMatchObject({
        reason: 'decrypt_failed',
      });
      await expect(
        gateway.parseNotification(notification({ associatedData: 'refund' })),
      ).rejects.toMatchObject({
        reason: 'decrypt_failed',
      });
    });
  });
});
