#!/usr/bin/env node
// WeChat Pay APIv3 reference computations, written from the documented algorithm (platforms.md
// §2.2, §2.3, §2.5, §2.8) and nothing else: RSA signing and verification go through the
// `openssl` command line, AES-256-GCM through node:crypto. It shares no code with the API's
// gateway or the fake server, so tests can check both against it.
//
// Usage: echo '[{"op":"paySign", ...}, ...]' | node scripts/wechatpay-vectors/vectors.mjs
// Reads a JSON array of operations on stdin and prints a JSON array of results.

import { execFileSync } from 'node:child_process';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const workDir = mkdtempSync(join(tmpdir(), 'wechatpay-vectors-'));
let fileCounter = 0;

function tempFile(content) {
  fileCounter += 1;
  const path = join(workDir, `f${fileCounter}`);
  writeFileSync(path, content);
  return path;
}

function openssl(args, input) {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** base64 of SHA256withRSA (PKCS#1 v1.5) over the UTF-8 bytes of `message`. */
function opensslSign(privateKeyPem, message) {
  const keyFile = tempFile(privateKeyPem);
  return openssl(['dgst', '-sha256', '-sign', keyFile], Buffer.from(message, 'utf8')).toString('base64');
}

function opensslVerify(publicKeyPem, message, signatureBase64) {
  const keyFile = tempFile(publicKeyPem);
  const signatureFile = tempFile(Buffer.from(signatureBase64, 'base64'));
  try {
    const out = openssl(
      ['dgst', '-sha256', '-verify', keyFile, '-signature', signatureFile],
      Buffer.from(message, 'utf8'),
    );
    return out.toString().trim() === 'Verified OK';
  } catch {
    return false;
  }
}

function certificatePublicKey(certificatePem) {
  return openssl(['x509', '-noout', '-pubkey', '-in', tempFile(certificatePem)]).toString();
}

function certificateSerial(certificatePem) {
  const out = openssl(['x509', '-noout', '-serial', '-in', tempFile(certificatePem)])
    .toString()
    .trim();
  return out.replace(/^serial=/, '').toUpperCase();
}

// §2.2: five lines, each ending "\n": method, path+query, timestamp, nonce, body ("" for GET).
function requestMessage({ method, pathAndQuery, timestamp, nonce, body }) {
  return [method, pathAndQuery, timestamp, nonce, body ?? ''].map((line) => `${line}\n`).join('');
}

// §2.3: three lines, each ending "\n": Wechatpay-Timestamp, Wechatpay-Nonce, raw body.
function answerMessage({ timestamp, nonce, body }) {
  return [timestamp, nonce, body].map((line) => `${line}\n`).join('');
}

// §2.5: appId, timeStamp, nonceStr, package, each ending "\n".
function payMessage({ appId, timeStamp, nonceStr, package: pkg }) {
  return [appId, timeStamp, nonceStr, pkg].map((line) => `${line}\n`).join('');
}

// §2.2 header: scheme, a space, then k="v" pairs joined by "," (any order).
function parseAuthorization(header) {
  const scheme = 'WECHATPAY2-SHA256-RSA2048 ';
  if (!header.startsWith(scheme)) return undefined;
  const fields = {};
  for (const part of header.slice(scheme.length).split(',')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    const quoted = part.slice(eq + 1).trim();
    if (!quoted.startsWith('"') || !quoted.endsWith('"')) return undefined;
    fields[name] = quoted.slice(1, -1);
  }
  return fields;
}

// §2.8: key = APIv3 key bytes, iv = nonce bytes, aad = associated_data bytes,
// base64(ciphertext || 16-byte tag).
function gcmEncrypt({ key, nonce, associatedData, plaintext }) {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const out = Buffer.concat([
    cipher.update(Buffer.from(plaintext, 'utf8')),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return out.toString('base64');
}

function gcmDecrypt({ key, nonce, associatedData, ciphertext }) {
  const all = Buffer.from(ciphertext, 'base64');
  const tag = all.subarray(all.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    const plain = Buffer.concat([decipher.update(all.subarray(0, all.length - 16)), decipher.final()]);
    return { ok: true, plaintext: plain.toString('utf8') };
  } catch (error) {
    return { ok: false, error: String(error.message) };
  }
}

const operations = {
  /** Authorization header for a request (fields in wechatpay-go's order). */
  authorization(op) {
    const message = requestMessage(op);
    const signature = opensslSign(op.privateKeyPem, message);
    const header =
      `WECHATPAY2-SHA256-RSA2048 mchid="${op.mchid}",nonce_str="${op.nonce}",timestamp="${op.timestamp}",` +
      `serial_no="${op.serialNo}",signature="${signature}"`;
    return { message, signature, header };
  },
  /** Checks a request's Authorization header against the merchant certificate. */
  verifyRequest(op) {
    const fields = parseAuthorization(op.authorization);
    if (!fields) return { valid: false, reason: 'unparsable header' };
    const message = requestMessage({
      method: op.method,
      pathAndQuery: op.pathAndQuery,
      timestamp: fields.timestamp,
      nonce: fields.nonce_str,
      body: op.body,
    });
    return {
      valid: opensslVerify(certificatePublicKey(op.certificatePem), message, fields.signature),
      serialMatches: fields.serial_no.toUpperCase() === certificateSerial(op.certificatePem),
      fields,
      message,
    };
  },
  paySign(op) {
    const message = payMessage(op);
    return { message, signature: opensslSign(op.privateKeyPem, message) };
  },
  /** Signature WeChat Pay puts on an answer or notification. */
  answerSignature(op) {
    const message = answerMessage(op);
    return { message, signature: opensslSign(op.privateKeyPem, message) };
  },
  verifyAnswer(op) {
    const publicKeyPem = op.publicKeyPem ?? certificatePublicKey(op.certificatePem);
    return { valid: opensslVerify(publicKeyPem, answerMessage(op), op.signature) };
  },
  encrypt(op) {
    return { ciphertext: gcmEncrypt(op) };
  },
  decrypt(op) {
    return gcmDecrypt(op);
  },
  certificateSerial(op) {
    return { serialNo: certificateSerial(op.certificatePem) };
  },
};

function main() {
  const input = JSON.parse(readFileSync(0, 'utf8') || '[]');
  const results = input.map((op) => {
    const run = operations[op.op];
    if (!run) return { error: `unknown op ${op.op}` };
    return run(op);
  });
  process.stdout.write(JSON.stringify(results));
}

try {
  main();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
