import { type KeyObject, X509Certificate } from 'node:crypto';

/** One WeChat Pay platform certificate, decrypted and parsed. */
export interface PlatformCertificate {
  serialNo: string;
  publicKey: KeyObject;
  validFrom: Date;
  validTo: Date;
}

interface Entry {
  certificates: Map<string, PlatformCertificate>;
  /** When the last download was attempted (ms), successful or not. */
  fetchedAt: number;
  inFlight?: Promise<void>;
}

/**
 * Platform certificates per merchant (certificate mode), downloaded from /v3/certificates on
 * first use and again when an answer or notification names a serial we do not hold. An unknown
 * serial triggers at most one download per `minRefreshIntervalMs` and merchant, so forged
 * notifications cannot make us hammer WeChat Pay; concurrent lookups share one download.
 */
export class PlatformCertificateStore {
  private readonly entries = new Map<string, Entry>();
  private readonly minRefreshIntervalMs: number;

  constructor(options: { minRefreshIntervalMs?: number } = {}) {
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 60_000;
  }

  /**
   * The public key of the certificate with this serial, valid at `nowMs`, or undefined.
   * `download` fetches and verifies the merchant's current list (it may throw).
   */
  async publicKeyFor(
    merchantKey: string,
    serialNo: string,
    nowMs: number,
    download: () => Promise<PlatformCertificate[]>,
  ): Promise<KeyObject | undefined> {
    const serial = serialNo.toUpperCase();
    let entry = this.entries.get(merchantKey);
    const usable = (): KeyObject | undefined => {
      const certificate = entry?.certificates.get(serial);
      if (!certificate) return undefined;
      return certificate.validFrom.getTime() <= nowMs && nowMs <= certificate.validTo.getTime()
        ? certificate.publicKey
        : undefined;
    };
    const found = usable();
    if (found) return found;
    if (!entry || nowMs - entry.fetchedAt >= this.minRefreshIntervalMs || entry.inFlight) {
      entry = await this.refresh(merchantKey, nowMs, download);
    }
    return usable();
  }

  /** Serials currently held for the merchant (for diagnostics and tests). */
  serials(merchantKey: string): string[] {
    return [...(this.entries.get(merchantKey)?.certificates.keys() ?? [])];
  }

  forget(merchantKey: string): void {
    this.entries.delete(merchantKey);
  }

  private async refresh(
    merchantKey: string,
    nowMs: number,
    download: () => Promise<PlatformCertificate[]>,
  ): Promise<Entry> {
    let entry = this.entries.get(merchantKey);
    if (!entry) {
      entry = { certificates: new Map(), fetchedAt: Number.NEGATIVE_INFINITY };
      this.entries.set(merchantKey, entry);
    }
    const current = entry;
    if (!current.inFlight) {
      current.fetchedAt = nowMs;
      current.inFlight = download()
        .then((certificates) => {
          // Known certificates stay: an answer signed just before a rotation still verifies.
          for (const certificate of certificates) current.certificates.set(certificate.serialNo, certificate);
        })
        .finally(() => {
          current.inFlight = undefined;
        });
    }
    await current.inFlight;
    return current;
  }
}

/** Parses a decrypted platform certificate and checks that it carries the serial it was listed under. */
export function parsePlatformCertificate(pem: string, listedSerial: string): PlatformCertificate {
  const certificate = new X509Certificate(pem);
  const serialNo = certificate.serialNumber.toUpperCase();
  if (serialNo !== listedSerial.toUpperCase()) {
    throw new Error(`platform certificate serial ${serialNo} listed as ${listedSerial}`);
  }
  return {
    serialNo,
    publicKey: certificate.publicKey,
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
  };
}

/** One store per process: gateways built per request share what has been downloaded. */
export const sharedPlatformCertificates = new PlatformCertificateStore();
