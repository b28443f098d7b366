import { Inject, Injectable } from '@nestjs/common';
import { createHash, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DomainException } from '../../common/errors/domain.exception';

export interface AccessClaims {
  userId: string;
  organizationId: string;
  sessionId: string;
}

/** Verified access tokens remembered at most (each is a few hundred bytes). */
const VERIFIED_TOKENS = 10_000;

/** Short-lived signed access tokens, and the opaque rotating refresh tokens behind them. */
@Injectable()
export class TokenService {
  /** Made once: jsonwebtoken would otherwise turn the secret into a key object on every call. */
  private readonly key: KeyObject;
  /** Access tokens that passed every check, with when they expire (insertion order: oldest first). */
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAt: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
  }

  issueAccessToken(claims: AccessClaims): { token: string; expiresIn: number } {
    const { issuer, audience, accessTokenTtlSeconds } = this.config.auth;
    const token = jwt.sign({ typ: 'access', org: claims.organizationId, sid: claims.sessionId }, this.key, {
      algorithm: 'HS256',
      subject: claims.userId,
      issuer,
      audience,
      expiresIn: accessTokenTtlSeconds,
    });
    return { token, expiresIn: accessTokenTtlSeconds };
  }

  /**
   * Checks signature (HS256 only, so `alg: none` fails), issuer, audience, expiry and type. A token
   * that passed is remembered until it expires, so its next requests skip the HMAC and parsing.
   */
  verifyAccessToken(token: string): AccessClaims {
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (known.expiresAt > Date.now()) return known.claims;
      this.verified.delete(token);
    }
    const claims = this.checkAccessToken(token);
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims.claims;
  }

  private checkAccessToken(token: string): { claims: AccessClaims; expiresAt: number } {
    const { issuer, audience } = this.config.auth;
    let payload: jwt.JwtPayload;
    try {
      const decoded = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer, audience });
      if (typeof decoded === 'string') throw new Error('unexpected string payload');
      payload = decoded;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw new DomainException('TOKEN_EXPIRED', 'The access token has expired; refresh it');
      }
      throw new DomainException('TOKEN_INVALID', 'The access token is not valid');
    }
    const { sub, org, sid, typ, exp } = payload as jwt.JwtPayload & {
      org?: unknown;
      sid?: unknown;
      typ?: unknown;
    };
    if (
      typ !== 'access' ||
      typeof sub !== 'string' ||
      typeof org !== 'string' ||
      typeof sid !== 'string' ||
      typeof exp !== 'number'
    ) {
      throw new DomainException('TOKEN_INVALID', 'The access token is not valid');
    }
    return { claims: { userId: sub, organizationId: org, sessionId: sid }, expiresAt: exp * 1000 };
  }

  /** A new refresh secret; the token handed out is `<sessionId>.<secret>`. */
  newRefreshSecret(): { secret: string; hash: string } {
    const secret = randomBytes(32).toString('base64url');
    return { secret, hash: hashSecret(secret) };
  }

  parseRefreshToken(token: string): { sessionId: string; secret: string } | null {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    return match === null ? null : { sessionId: match[1]!, secret: match[2]! };
  }

  secretMatches(secret: string, storedHash: string): boolean {
    const a = Buffer.from(hashSecret(secret), 'hex');
    const b = Buffer.from(storedHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** Refresh secrets are 256 random bits, so a plain SHA-256 is enough to store them safely. */
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
