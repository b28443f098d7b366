import {
  type KeyObject,
  X509Certificate,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';

/**
 * Self-signed X.509 v3 certificates built from DER by hand, because node:crypto can read
 * certificates but not make them. Enough for WeChat Pay test keys: an RSA-2048 key, a random
 * 20-byte serial (shown as 40 upper-case hex digits, like the real merchant and platform
 * certificates), SHA256withRSA, no extensions. Nothing here is ever written to disk.
 */

export interface GeneratedCertificate {
  certificatePem: string;
  privateKeyPem: string;
  publicKeyPem: string;
  /** Upper-case hex, as `openssl x509 -serial` and X509Certificate#serialNumber print it. */
  serialNo: string;
  validFrom: Date;
  validTo: Date;
}

export interface CertificateSubject {
  commonName: string;
  organization?: string;
  organizationalUnit?: string;
}

export interface CertificateOptions {
  subject: CertificateSubject;
  validFrom?: Date;
  validTo?: Date;
}

const OID = {
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
};

const DAY_MS = 86_400_000;

/** A fresh RSA-2048 key pair and a self-signed certificate for it. */
export function generateSelfSignedCertificate(options: CertificateOptions): GeneratedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const validFrom = options.validFrom ?? new Date(Date.now() - DAY_MS);
  const validTo = options.validTo ?? new Date(validFrom.getTime() + 5 * 365 * DAY_MS);
  const serial = randomBytes(20);
  // Positive, and no leading zero byte, so the hex form is always 40 digits.
  serial[0] = (serial[0]! & 0x7f) | 0x10;
  const name = encodeName(options.subject);
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm(),
    name,
    sequence(time(validFrom), time(validTo)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, algorithm(), bitString(signature));
  const certificatePem = toPem('CERTIFICATE', der);
  const parsed = new X509Certificate(certificatePem);
  if (!parsed.verify(publicKey)) throw new Error('self-signed certificate does not verify');
  return {
    certificatePem,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKeyPemOf(publicKey),
    serialNo: parsed.serialNumber.toUpperCase(),
    validFrom,
    validTo,
  };
}

export function publicKeyPemOf(key: KeyObject | string): string {
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function encodeName(subject: CertificateSubject): Buffer {
  const rdn = (oid: string, value: Buffer): Buffer => set(sequence(objectId(oid), value));
  const parts = [rdn(OID.countryName, tlv(0x13, Buffer.from('CN', 'ascii')))];
  if (subject.organization) parts.push(rdn(OID.organizationName, utf8(subject.organization)));
  if (subject.organizationalUnit)
    parts.push(rdn(OID.organizationalUnitName, utf8(subject.organizationalUnit)));
  parts.push(rdn(OID.commonName, utf8(subject.commonName)));
  return sequence(...parts);
}

function algorithm(): Buffer {
  return sequence(objectId(OID.sha256WithRSAEncryption), Buffer.from([0x05, 0x00]));
}

function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = date.getUTCFullYear();
  // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050.
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

function explicit(tagNumber: number, content: Buffer): Buffer {
  return tlv(0xa0 | tagNumber, content);
}

function integer(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start += 1;
  const trimmed = value.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function bitString(content: Buffer): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
}

function utf8(text: string): Buffer {
  return tlv(0x0c, Buffer.from(text, 'utf8'));
}

function objectId(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      chunk.unshift((value & 0x7f) | 0x80);
    }
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
