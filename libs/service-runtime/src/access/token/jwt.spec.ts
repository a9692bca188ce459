import { createSign, generateKeyPairSync } from 'node:crypto';

import { principalOf } from '../principal';
import { InvalidTokenError, parseRsaPublicKey, signHs256, verifyJwt } from './jwt';
import type { VerificationKey } from './jwt';

const SECRET = 'jwt-spec-secret-0123456789abcdef-0123456789';
const HS256: VerificationKey = { algorithm: 'HS256', secret: SECRET };
const NOW_MS = Date.UTC(2026, 5, 21, 12);
const NOW_S = NOW_MS / 1000;
const OPTIONS = { clockSkewS: 30 };
const claims = (overrides: Record<string, unknown> = {}) => ({ sub: 'alice', roles: ['ops-viewer'], iat: NOW_S, exp: NOW_S + 3600, ...overrides });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function rejection(token: string, key: VerificationKey = HS256, options: Parameters<typeof verifyJwt>[2] = OPTIONS): string {
  try {
    verifyJwt(token, key, options, NOW_MS);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTokenError);
    return (error as Error).message;
  }
  throw new Error('the token was accepted');
}

describe('verifyJwt', () => {
  it('given a good HS256 token, then its claims', () => {
    expect(verifyJwt(signHs256(claims(), SECRET), HS256, OPTIONS, NOW_MS)).toMatchObject({ sub: 'alice', roles: ['ops-viewer'] });
  });

  it('given an expired token, then refused with when it expired (past the clock skew)', () => {
    expect(rejection(signHs256(claims({ exp: NOW_S - 31 }), SECRET))).toContain('token expired at');
    expect(verifyJwt(signHs256(claims({ exp: NOW_S - 29 }), SECRET), HS256, OPTIONS, NOW_MS).sub).toBe('alice');
  });

  it('given a token without exp, then refused', () => {
    expect(rejection(signHs256({ sub: 'alice', roles: ['admin'] }, SECRET))).toContain('no expiry');
  });

  it('given a token not yet valid, then refused', () => {
    expect(rejection(signHs256(claims({ nbf: NOW_S + 120 }), SECRET))).toContain('not valid before');
  });

  it('given a wrong signature or another secret, then refused', () => {
    const token = signHs256(claims(), SECRET);
    expect(rejection(signHs256(claims(), `${SECRET}-other`))).toBe('invalid token signature');
    const [header, , signature] = token.split('.');
    expect(rejection(`${header}.${b64(claims({ roles: ['admin'] }))}.${signature}`)).toBe('invalid token signature');
  });

  it('given alg none, then refused before anything else, signature or not', () => {
    expect(rejection(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`)).toContain('"none" is not the accepted HS256');
    expect(rejection(`${b64({ typ: 'JWT' })}.${b64(claims())}.x`)).toContain('null is not the accepted HS256');
  });

  it('given another algorithm than the configured one, then refused (no algorithm confusion)', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rs256: VerificationKey = { algorithm: 'RS256', publicKey: parseRsaPublicKey(pem) };
    // The classic attack: an HS256 token whose secret is the verifier's public key.
    expect(rejection(signHs256(claims(), pem), rs256)).toContain('"HS256" is not the accepted RS256');
    const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims())}`;
    const rsToken = `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
    expect(verifyJwt(rsToken, rs256, OPTIONS, NOW_MS).sub).toBe('alice');
    expect(rejection(rsToken, HS256)).toContain('"RS256" is not the accepted HS256');
  });

  it('given a configured issuer or audience, then a token without them is refused', () => {
    expect(rejection(signHs256(claims({ iss: 'someone' }), SECRET), HS256, { ...OPTIONS, issuer: 'https://idp.example' })).toContain('issuer');
    expect(verifyJwt(signHs256(claims({ aud: ['x', 'trottoir'] }), SECRET), HS256, { ...OPTIONS, audience: 'trottoir' }, NOW_MS).sub).toBe('alice');
    expect(rejection(signHs256(claims({ aud: 'x' }), SECRET), HS256, { ...OPTIONS, audience: 'trottoir' })).toContain('audience');
  });

  it('given malformed tokens, then refused saying how', () => {
    expect(rejection('abc')).toContain('three dot-separated parts');
    expect(rejection('a.b.c')).toContain('not JSON');
  });
});

describe('principalOf', () => {
  it('given roles and scope claims, then the principal', () => {
    expect(principalOf(claims({ roles: ['dso-operator'], dso_id: 'enedis' }))).toMatchObject({ subject: 'alice', roles: ['dso-operator'], dsoId: 'enedis' });
    expect([...principalOf(claims({ roles: ['device'], segment_ids: ['seg-1'] })).segmentIds]).toEqual(['seg-1']);
  });

  it('given missing, empty or unknown roles, then the token is refused', () => {
    expect(() => principalOf({ sub: 'alice' })).toThrow('token carries no roles');
    expect(() => principalOf(claims({ roles: [] }))).toThrow('token carries no roles');
    expect(() => principalOf(claims({ roles: ['root'] }))).toThrow('unknown roles: "root"');
  });

  it('given a dso-operator without dso_id or a device without segment_ids, then refused', () => {
    expect(() => principalOf(claims({ roles: ['dso-operator'] }))).toThrow('dso_id');
    expect(() => principalOf(claims({ roles: ['device'] }))).toThrow('segment_ids');
    expect(() => principalOf(claims({ sub: undefined }))).toThrow('no subject');
  });
});
