/**
 * Tokens the command-line tool signs: `trottoir token`, the development tokens `trottoir start` prints,
 * and the admin token `fleet import` and `simulate --target http` send when given none. They are
 * signed with TROTTOIR_JWT_SECRET, or with the published development secret when no key is configured
 * (which only a service in development mode accepts). Under RS256 the identity provider issues tokens.
 */
import { accessConfigSpec, claimsOf, DEVELOPMENT_SECRET, signHs256 } from '@trottoir/service-runtime';
import type { Role } from '@trottoir/service-runtime';
import { loadConfig } from '@trottoir/config';

export interface Signer {
  secret: string;
  development: boolean;
  issuer?: string;
  audience?: string;
}

export class NoSigningKeyError extends Error {}

export function signerFromEnv(env: NodeJS.ProcessEnv = process.env): Signer {
  const config = loadConfig(accessConfigSpec, env);
  if (config.jwtPublicKey && !config.jwtSecret) throw new NoSigningKeyError('TROTTOIR_JWT_PUBLIC_KEY is set (RS256): tokens come from your identity provider, this tool signs HS256 with TROTTOIR_JWT_SECRET only');
  return { secret: config.jwtSecret ?? DEVELOPMENT_SECRET, development: !config.jwtSecret, issuer: config.jwtIssuer, audience: config.jwtAudience };
}

export interface TokenRequest {
  roles: Role[];
  subject?: string;
  dsoId?: string;
  segmentIds?: string[];
  ttlS: number;
}

export function mintToken(signer: Signer, request: TokenRequest, nowMs = Date.now()): string {
  const subject = request.subject ?? `cli-${request.roles.join('+')}${request.dsoId ? `-${request.dsoId}` : ''}`;
  const claims = claimsOf({ subject, roles: request.roles, dsoId: request.dsoId, segmentIds: request.segmentIds }, Math.floor(nowMs / 1000), request.ttlS, { issuer: signer.issuer, audience: signer.audience });
  return signHs256(claims, signer.secret);
}

/** The token a CLI command sends to the API: the one given (--token, TROTTOIR_TOKEN), else an admin token valid one hour. */
export function apiToken(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (given) return given;
  if (env.TROTTOIR_TOKEN) return env.TROTTOIR_TOKEN;
  return mintToken(signerFromEnv(env), { roles: ['admin'], subject: 'trottoir-cli', ttlS: 3_600 });
}

/** `30m`, `12h`, `30d` or seconds. */
export function parseTtl(raw: string): number {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(raw.trim());
  if (!match) throw new Error(`expected a duration such as 3600, 30m, 12h or 30d, got "${raw}"`);
  const value = Number(match[1]) * { s: 1, m: 60, h: 3_600, d: 86_400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  if (value < 1 || value > 366 * 86_400) throw new Error('expected a duration from 1 s to 366 days');
  return value;
}
