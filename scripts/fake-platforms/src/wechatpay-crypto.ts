import { type KeyObject, createCipheriv, createPublicKey, randomBytes, sign, verify } from 'node:crypto';

/** The WeChat Pay side of APIv3 cryptography, as the fake server does it. */

export const SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomText(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/** The fields of an `Authorization: WECHATPAY2-SHA256-RSA2048 k="v",…` header, in any order. */
export interface AuthorizationFields {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

export function parseAuthorization(header: string | undefined): AuthorizationFields | undefined {
  if (!header?.startsWith(`${SIGNATURE_TYPE} `)) return undefined;
  const fields: Record<string, string> = {};
  const pattern = /\s*([a-z_]+)="([^"]*)"\s*(?:,|$)/gy;
  const rest = header.slice(SIGNATURE_TYPE.length + 1);
  let consumed = 0;
  for (let match = pattern.exec(rest); match; match = pattern.exec(rest)) {
    if (fields[match[1]!] !== undefined) return undefined;
    fields[match[1]!] = match[2]!;
    consumed = pattern.lastIndex;
  }
  if (consumed !== rest.length) return undefined;
  const names = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'] as const;
  if (names.some((name) => !fields[name])) return undefined;
  return fields as unknown as AuthorizationFields;
}

/** Request: method, path with query, timestamp, nonce and body, one per line, each ending "\n". */
export function requestMessage(
  method: string,
  pathAndQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${pathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** Answer / notification: timestamp, nonce and body, one per line, each ending "\n". */
export function answerMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export function rsaSign(message: string, privateKey: KeyObject | string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

export function rsaVerify(message: string, signature: string, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    return verify('sha256', Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** AEAD_AES_256_GCM with the APIv3 key: base64(ciphertext ‖ 16-byte tag). */
export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  associatedData: string,
): EncryptedResource {
  const nonce = randomText(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: encrypted.toString('base64'),
    associated_data: associatedData,
    nonce,
  };
}

/** RFC 3339 in China time, the way WeChat Pay writes times: 2018-06-08T10:34:56+08:00. */
export function chinaTime(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}
