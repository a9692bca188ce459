import { chooseAuthMode } from './start.command';

describe('trottoir start: API access mode', () => {
  it('picks development mode when nothing about access is configured', () => {
    expect(chooseAuthMode({})).toBe('development');
    expect(chooseAuthMode({ TROTTOIR_JWT_SECRET: ' ' })).toBe('development');
  });

  it('leaves the configured mode alone, and never picks development mode in a production image', () => {
    expect(chooseAuthMode({ TROTTOIR_JWT_SECRET: 'x'.repeat(40) })).toBeUndefined();
    expect(chooseAuthMode({ TROTTOIR_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----' })).toBeUndefined();
    expect(chooseAuthMode({ TROTTOIR_AUTH_MODE: 'jwt' })).toBeUndefined();
    expect(chooseAuthMode({ NODE_ENV: 'production' })).toBeUndefined();
  });
});
