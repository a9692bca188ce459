import { ConfigError, loadConfig } from '@trottoir/config';
import { generateKeyPairSync } from 'node:crypto';

import { accessConfigSpec, accessSettingsOf, DEVELOPMENT_SECRET } from './access.config';

const settings = (env: NodeJS.ProcessEnv) => accessSettingsOf(loadConfig(accessConfigSpec, env), env);
const problems = (env: NodeJS.ProcessEnv): string => {
  try {
    settings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('accepted');
};

describe('access configuration', () => {
  it('given no key outside development mode, then the process stops naming the variables', () => {
    expect(problems({})).toContain('TROTTOIR_AUTH_MODE=jwt needs TROTTOIR_JWT_SECRET (HS256) or TROTTOIR_JWT_PUBLIC_KEY (RS256)');
  });

  it('given a short secret, then refused without echoing it', () => {
    const message = problems({ TROTTOIR_JWT_SECRET: 'short' });
    expect(message).toContain('TROTTOIR_JWT_SECRET=<hidden> is invalid: expected at least 32 characters');
    expect(message).not.toContain('short"');
  });

  it('given development mode, then the development secret, unless NODE_ENV=production', () => {
    expect(settings({ TROTTOIR_AUTH_MODE: 'development' }).key).toEqual({ algorithm: 'HS256', secret: DEVELOPMENT_SECRET });
    expect(problems({ TROTTOIR_AUTH_MODE: 'development', NODE_ENV: 'production' })).toContain('TROTTOIR_AUTH_MODE=development is refused with NODE_ENV=production');
  });

  it('given a secret or an RSA public key, then HS256 or RS256; both at once is refused', () => {
    const secret = 'x'.repeat(40);
    expect(settings({ TROTTOIR_JWT_SECRET: secret }).key).toEqual({ algorithm: 'HS256', secret });
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(settings({ TROTTOIR_JWT_PUBLIC_KEY: pem.replace(/\n/g, '\\n') }).key.algorithm).toBe('RS256');
    expect(problems({ TROTTOIR_JWT_SECRET: secret, TROTTOIR_JWT_PUBLIC_KEY: pem })).toContain('both set');
    expect(problems({ TROTTOIR_JWT_PUBLIC_KEY: 'not a key' })).toContain('TROTTOIR_JWT_PUBLIC_KEY="not a key" is invalid: expected an RSA public key in PEM');
  });
});
