/** `trottoir token`: mints tokens the services accept, refuses incomplete scopes, documents itself. */
import { Command } from 'commander';
import { DEVELOPMENT_SECRET, principalOf, verifyJwt } from '@trottoir/service-runtime';

import { registerTokenCommand } from './token.command';

const SECRET = 'token-command-spec-secret-0123456789abcdef';

function run(args: string[], env: NodeJS.ProcessEnv = { TROTTOIR_JWT_SECRET: SECRET }): { out: string; err: string } {
  let out = '';
  let err = '';
  const program = new Command('trottoir').exitOverride().configureOutput({ writeErr: () => undefined });
  registerTokenCommand(program, { out: (text) => (out += text), err: (text) => (err += text), env });
  program.parse(['node', 'trottoir', 'token', ...args]);
  return { out, err };
}

const verify = (token: string, secret = SECRET) => principalOf(verifyJwt(token.trim(), { algorithm: 'HS256', secret }, { clockSkewS: 0 }, Date.now()));

describe('trottoir token', () => {
  it('mints a dso-operator token for its DSO with the configured secret', () => {
    const principal = verify(run(['--role', 'dso-operator', '--dso', 'enedis', '--ttl', '12h']).out);
    expect(principal).toMatchObject({ roles: ['dso-operator'], dsoId: 'enedis', subject: 'cli-dso-operator-enedis' });
  });

  it('mints a device token for its segments', () => {
    expect([...verify(run(['--role', 'device', '--segments', 'seg-000001,seg-000002', '--subject', 'gw-7']).out).segmentIds]).toEqual(['seg-000001', 'seg-000002']);
  });

  it('without a secret, signs with the development secret and says so', () => {
    const { out, err } = run(['--role', 'admin'], {});
    expect(verify(out, DEVELOPMENT_SECRET).roles).toEqual(['admin']);
    expect(err).toContain('development secret');
  });

  it('refuses unknown roles and incomplete scopes', () => {
    expect(() => run(['--role', 'root'])).toThrow('unknown: root');
    expect(() => run(['--role', 'dso-operator'])).toThrow('needs --dso');
    expect(() => run(['--role', 'device'])).toThrow('needs --segments');
    expect(() => run(['--role', 'admin', '--ttl', 'forever'])).toThrow('expected a duration');
  });
});
