/**
 * How the REST API of every service is secured, read from the environment with the rest of the
 * platform's configuration. Two modes:
 * - `jwt` (the default): tokens are verified with TROTTOIR_JWT_SECRET (HS256) or TROTTOIR_JWT_PUBLIC_KEY
 *   (RS256, PEM); exactly one must be set, or the process stops naming them.
 * - `development`: what `trottoir start` picks when the user configured no key. Tokens signed with the
 *   published development secret are accepted (or with TROTTOIR_JWT_SECRET when given). Refused when
 *   NODE_ENV=production, which the container image sets, so a deployment cannot fall into it.
 */
import { ConfigError, integer, oneOf, text } from '@trottoir/config';

import { parseRsaPublicKey } from './token/jwt';
import type { VerificationKey } from './token/jwt';

/** Public on purpose: it signs the tokens `npm start` prints. Never accepted outside development mode. */
export const DEVELOPMENT_SECRET = 'trottoir-development-secret-never-use-in-production';
const MIN_SECRET_LENGTH = 32;

export const accessConfigSpec = {
  authMode: {
    env: 'TROTTOIR_AUTH_MODE',
    description: 'jwt (tokens verified with TROTTOIR_JWT_SECRET or TROTTOIR_JWT_PUBLIC_KEY) or development (the published development secret; `trottoir start` picks it when no key is configured; refused with NODE_ENV=production)',
    default: 'jwt' as const,
    parse: oneOf('jwt', 'development'),
  },
  jwtSecret: {
    env: 'TROTTOIR_JWT_SECRET',
    description: `HS256 secret that signs and verifies tokens, at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -base64 48)`,
    sensitive: true,
    default: undefined as string | undefined,
    parse: (raw: string) => {
      if (raw.length < MIN_SECRET_LENGTH) throw new Error(`expected at least ${MIN_SECRET_LENGTH} characters`);
      return raw;
    },
  },
  jwtPublicKey: {
    env: 'TROTTOIR_JWT_PUBLIC_KEY',
    description: 'RS256 public key (PEM; \\n escapes accepted) that verifies tokens issued by an identity provider',
    default: undefined as string | undefined,
    parse: (raw: string) => {
      try {
        parseRsaPublicKey(raw);
      } catch (error) {
        throw new Error(`expected an RSA public key in PEM: ${(error as Error).message}`);
      }
      return raw;
    },
  },
  jwtIssuer: { env: 'TROTTOIR_JWT_ISSUER', description: 'required "iss" of every token; not checked when unset', default: undefined as string | undefined, parse: text() },
  jwtAudience: { env: 'TROTTOIR_JWT_AUDIENCE', description: 'required "aud" of every token; not checked when unset', default: undefined as string | undefined, parse: text() },
  jwtClockSkewS: { env: 'TROTTOIR_JWT_CLOCK_SKEW_S', description: 'seconds of clock difference tolerated on "exp" and "nbf"', default: 30, parse: integer({ min: 0, max: 300 }) },
  rateLimitPerS: {
    env: 'TROTTOIR_RATE_LIMIT_PER_S',
    description: 'requests per second each token subject may make to one service instance, sustained (token bucket refill)',
    default: 20,
    parse: integer({ min: 1, max: 100_000 }),
  },
  rateLimitBurst: { env: 'TROTTOIR_RATE_LIMIT_BURST', description: 'requests a token subject may make at once before the sustained rate applies (bucket size)', default: 100, parse: integer({ min: 1, max: 1_000_000 }) },
  idempotencyTtlH: { env: 'TROTTOIR_IDEMPOTENCY_TTL_H', description: 'hours an Idempotency-Key and its first answer are kept', default: 24, parse: integer({ min: 1, max: 24 * 30 }) },
};

export interface AccessSettings {
  mode: 'jwt' | 'development';
  key: VerificationKey;
  issuer?: string;
  audience?: string;
  clockSkewS: number;
  rateLimit: { perSecond: number; burst: number };
  idempotencyTtlMs: number;
}

type AccessConfig = {
  readonly authMode: 'jwt' | 'development';
  readonly jwtSecret: string | undefined;
  readonly jwtPublicKey: string | undefined;
  readonly jwtIssuer: string | undefined;
  readonly jwtAudience: string | undefined;
  readonly jwtClockSkewS: number;
  readonly rateLimitPerS: number;
  readonly rateLimitBurst: number;
  readonly idempotencyTtlH: number;
};

/** Resolves the verification key from the mode and the variables; a contradiction stops the process. */
export function accessSettingsOf(config: AccessConfig, env: NodeJS.ProcessEnv = process.env): AccessSettings {
  const problems: string[] = [];
  if (config.jwtSecret && config.jwtPublicKey) problems.push('TROTTOIR_JWT_SECRET and TROTTOIR_JWT_PUBLIC_KEY are both set: give one (HS256 secret or RS256 public key)');
  if (config.authMode === 'jwt' && !config.jwtSecret && !config.jwtPublicKey) {
    problems.push('TROTTOIR_AUTH_MODE=jwt needs TROTTOIR_JWT_SECRET (HS256) or TROTTOIR_JWT_PUBLIC_KEY (RS256): there is no default secret outside development mode');
  }
  if (config.authMode === 'development' && env.NODE_ENV === 'production') {
    problems.push('TROTTOIR_AUTH_MODE=development is refused with NODE_ENV=production: configure TROTTOIR_JWT_SECRET or TROTTOIR_JWT_PUBLIC_KEY');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const key: VerificationKey = config.jwtPublicKey
    ? { algorithm: 'RS256', publicKey: parseRsaPublicKey(config.jwtPublicKey) }
    : { algorithm: 'HS256', secret: config.jwtSecret ?? DEVELOPMENT_SECRET };
  return {
    mode: config.authMode,
    key,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    clockSkewS: config.jwtClockSkewS,
    rateLimit: { perSecond: config.rateLimitPerS, burst: config.rateLimitBurst },
    idempotencyTtlMs: config.idempotencyTtlH * 3_600_000,
  };
}
