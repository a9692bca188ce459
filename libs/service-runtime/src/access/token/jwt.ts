/**
 * JSON Web Tokens (RFC 7519) in compact JWS form, verified and signed with node:crypto alone. The
 * algorithm is the verifier's, never the token's: the header's `alg` must equal the one configured,
 * so `alg: none` and algorithm confusion (an RS256 public key used as an HS256 secret) are refused
 * before any signature is computed.
 */
import { createHmac, createPublicKey, timingSafeEqual, verify as verifySignature } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export type JwtAlgorithm = 'HS256' | 'RS256';

/** What verifies a token: an HS256 secret or an RS256 public key, fixed by configuration. */
export type VerificationKey = { algorithm: 'HS256'; secret: string } | { algorithm: 'RS256'; publicKey: KeyObject };

export interface VerifyOptions {
  /** Expected `iss`, when configured. */
  issuer?: string;
  /** Expected `aud` (a string, or one of an array), when configured. */
  audience?: string;
  /** Tolerance for clock differences on `exp` and `nbf`, seconds. */
  clockSkewS: number;
}

export type JwtClaims = Record<string, unknown> & { sub?: unknown; exp?: unknown; nbf?: unknown; iss?: unknown; aud?: unknown };

/** Why a token was refused; the message is what the 401 answer says. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  if (!BASE64URL.test(segment)) throw new InvalidTokenError(`malformed token: the ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError(`malformed token: the ${what} is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidTokenError(`malformed token: the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function signatureMatches(key: VerificationKey, signingInput: string, signature: Buffer): boolean {
  if (key.algorithm === 'HS256') {
    const expected = createHmac('sha256', key.secret).update(signingInput).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  return verifySignature('RSA-SHA256', Buffer.from(signingInput), key.publicKey, signature);
}

function numericDate(claims: JwtClaims, name: 'exp' | 'nbf'): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidTokenError(`malformed token: "${name}" is not a NumericDate`);
  return value;
}

/** Verifies a compact JWS at `nowMs`; returns its claims or throws InvalidTokenError saying why. */
export function verifyJwt(token: string, key: VerificationKey, options: VerifyOptions, nowMs: number): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token: expected three dot-separated parts');
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodeSegment(headerPart, 'header');
  // The configured algorithm decides; a token naming another one (none included) is refused unread.
  if (header.alg !== key.algorithm) throw new InvalidTokenError(`token algorithm ${JSON.stringify(header.alg ?? null)} is not the accepted ${key.algorithm}`);
  if (header.crit !== undefined) throw new InvalidTokenError('token has critical header parameters this verifier does not understand');
  if (!BASE64URL.test(signaturePart) || signaturePart === '') throw new InvalidTokenError('malformed token: bad signature encoding');
  if (!signatureMatches(key, `${headerPart}.${payloadPart}`, Buffer.from(signaturePart, 'base64url'))) throw new InvalidTokenError('invalid token signature');

  const claims = decodeSegment(payloadPart, 'payload') as JwtClaims;
  const nowS = nowMs / 1000;
  const exp = numericDate(claims, 'exp');
  if (exp === undefined) throw new InvalidTokenError('token has no expiry ("exp")');
  if (nowS >= exp + options.clockSkewS) throw new InvalidTokenError(`token expired at ${new Date(exp * 1000).toISOString()}`);
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nowS < nbf - options.clockSkewS) throw new InvalidTokenError(`token not valid before ${new Date(nbf * 1000).toISOString()}`);
  if (options.issuer !== undefined && claims.iss !== options.issuer) throw new InvalidTokenError(`token issuer ${JSON.stringify(claims.iss ?? null)} is not ${JSON.stringify(options.issuer)}`);
  if (options.audience !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(options.audience)) throw new InvalidTokenError(`token audience does not include ${JSON.stringify(options.audience)}`);
  }
  return claims;
}

/** Signs claims with HS256: development tokens, `trottoir token`, tests. */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Parses an RSA public key in PEM (SPKI or PKCS#1); `\n` escapes are accepted for one-line environment values. */
export function parseRsaPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`expected an RSA public key, got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
  return key;
}
