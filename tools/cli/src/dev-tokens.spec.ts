import { DEVELOPMENT_SECRET, principalOf, verifyJwt } from '@trottoir/service-runtime';

import { DEV_TOKEN_TTL_S, developmentTokens, renderDevelopmentTokens } from './dev-tokens';

describe('development tokens', () => {
  const nowMs = Date.UTC(2026, 5, 21, 12);
  const tokens = developmentTokens({ secret: DEVELOPMENT_SECRET, development: true }, { segments: 100, seed: 1 }, nowMs);
  const principal = (role: string) => principalOf(verifyJwt(tokens.find((entry) => entry.role === role)!.token, { algorithm: 'HS256', secret: DEVELOPMENT_SECRET }, { clockSkewS: 0 }, nowMs + DEV_TOKEN_TTL_S * 1000 - 1000));

  it('gives one long-lived token per role, the DSO of the simulated city and devices of its first segments', () => {
    expect(tokens.map((entry) => entry.role)).toEqual(['admin', 'ops-viewer', 'market', 'dso-operator', 'device']);
    expect(principal('dso-operator').dsoId).toBe('enedis');
    expect([...principal('device').segmentIds]).toEqual(['seg-000001', 'seg-000002', 'seg-000003']);
  });

  it('prints each role with its scope and token', () => {
    const text = renderDevelopmentTokens(tokens, 'http://127.0.0.1:3001');
    expect(text).toContain('  dso-operator — DSO enedis: reads and commands on its grid nodes\n    ey');
    expect(text).toContain('http://127.0.0.1:3001/docs');
  });
});
