import { type KeyObject, createDecipheriv, verify } from 'node:crypto';

/** Signature type WeChat Pay uses for APIv3 answers and notifications. */
export const WECHATPAY_SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';

/** WeChat Pay's probe signatures (deliberately wrong, to see that merchants verify). */
export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';

/** How far an answer's or notification's Wechatpay-Timestamp may be from our clock. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

/**
 * SHA256withRSA verification of an answer or notification over the raw bytes:
 * `timestamp\nnonce\nbody\n` (platforms.md §2.3). The body is never re-serialised.
 */
export function verifyWechatpaySignature(
  publicKey: KeyObject,
  timestamp: string,
  nonce: string,
  body: Buffer,
  signatureBase64: string,
): boolean {
  const message = Buffer.concat([
    Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'),
    body,
    Buffer.from('\n', 'utf8'),
  ]);
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length === 0) return false;
  try {
    return verify('sha256', message, publicKey, signature);
  } catch {
    return false;
  }
}

/**
 * AEAD_AES_256_GCM decryption of a notification resource or an encrypted platform certificate:
 * key = the APIv3 key's bytes, iv = the nonce's bytes, aad = associated_data, and the last 16 bytes
 * of the base64-decoded ciphertext are the tag, which `final()` checks (throws when it does not match).
 */
export function decryptAesGcm(
  apiV3Key: string,
  nonce: string,
  associatedData: string,
  ciphertextBase64: string,
): string {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  const data = Buffer.from(ciphertextBase64, 'base64');
  if (data.length < 17) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'utf8'), { authTagLength: 16 });
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

/** RFC 3339 in China time (+08:00), the form WeChat Pay expects for time_expire. */
export function toChinaTime(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}
