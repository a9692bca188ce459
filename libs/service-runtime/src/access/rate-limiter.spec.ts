import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('given a burst, then that many at once, then one per 1/rate s, with the wait to the next token', () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 });
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('alice', t0).allowed)).toEqual([true, true, true]);
    expect(limiter.take('alice', t0)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(limiter.take('alice', t0 + 500).allowed).toBe(true);
    expect(limiter.take('alice', t0 + 500).allowed).toBe(false);
  });

  it('keeps one bucket per subject', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 });
    expect(limiter.take('alice', 0).allowed).toBe(true);
    expect(limiter.take('alice', 0).allowed).toBe(false);
    expect(limiter.take('bob', 0).allowed).toBe(true);
  });

  it('says how many seconds to wait at a slow rate', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 });
    limiter.take('alice', 0);
    expect(limiter.take('alice', 200)).toEqual({ allowed: false, retryAfterS: 1 });
  });
});
