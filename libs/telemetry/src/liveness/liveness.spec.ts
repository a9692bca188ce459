import { MINUTE_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import type { LivenessThresholds } from './liveness';
import { DEFAULT_LIVENESS_THRESHOLDS, InvalidLivenessThresholdsError, LIVENESS_STATES, assertLivenessThresholds, livenessOf } from './liveness';

const thresholds: LivenessThresholds = { staleAfterMs: 3 * MINUTE_MS, offlineAfterMs: 15 * MINUTE_MS };
const rank = (state: string) => LIVENESS_STATES.indexOf(state as never);
const arbThresholds = fc
  .tuple(fc.integer({ min: 1, max: 3_600_000 }), fc.integer({ min: 1, max: 3_600_000 }))
  .map(([stale, extra]): LivenessThresholds => ({ staleAfterMs: stale, offlineAfterMs: stale + extra }));

describe('livenessOf', () => {
  const t0 = Date.UTC(2026, 5, 1, 12, 0);

  it('given a reading 2 min 59 s old, when evaluated, then the segment is online', () => {
    expect(livenessOf(t0 - (3 * MINUTE_MS - 1000), t0, thresholds)).toBe('online');
  });

  it('given a reading exactly 3 min old, when evaluated, then the segment is stale', () => {
    expect(livenessOf(t0 - 3 * MINUTE_MS, t0, thresholds)).toBe('stale');
  });

  it('given a reading 14 min 59 s old, when evaluated, then the segment is still stale', () => {
    expect(livenessOf(t0 - 15 * MINUTE_MS + 1000, t0, thresholds)).toBe('stale');
  });

  it('given a reading exactly 15 min old, when evaluated, then the segment is offline', () => {
    expect(livenessOf(t0 - 15 * MINUTE_MS, t0, thresholds)).toBe('offline');
  });

  it('given a segment that never reported, when evaluated, then it is offline', () => {
    expect(livenessOf(undefined, t0, thresholds)).toBe('offline');
  });

  it('given a reading stamped in the future, when evaluated, then it counts as fresh', () => {
    expect(livenessOf(t0 + MINUTE_MS, t0, thresholds)).toBe('online');
  });

  it('without new readings, liveness only gets worse as time passes', () => {
    fc.assert(
      fc.property(arbThresholds, fc.integer({ min: 0, max: 2e12 }), fc.nat(1e8), fc.nat(1e8), (limits, last, a, b) => {
        const earlier = livenessOf(last, last + Math.min(a, b), limits);
        const later = livenessOf(last, last + Math.max(a, b), limits);
        expect(rank(later)).toBeGreaterThanOrEqual(rank(earlier));
      }),
    );
  });

  it('a reading at the evaluation instant makes any segment online', () => {
    fc.assert(
      fc.property(arbThresholds, fc.integer({ min: 0, max: 2e12 }), (limits, now) => {
        expect(livenessOf(now, now, limits)).toBe('online');
      }),
    );
  });
});

describe('assertLivenessThresholds', () => {
  it('accepts the defaults', () => {
    expect(assertLivenessThresholds(DEFAULT_LIVENESS_THRESHOLDS)).toEqual({ staleAfterMs: 180_000, offlineAfterMs: 900_000 });
  });

  it.each([
    [{ staleAfterMs: 0, offlineAfterMs: 10 }],
    [{ staleAfterMs: 10, offlineAfterMs: 10 }],
    [{ staleAfterMs: 10, offlineAfterMs: 5 }],
    [{ staleAfterMs: 1.5, offlineAfterMs: 10 }],
    [{ staleAfterMs: 10, offlineAfterMs: Number.NaN }],
  ])('refuses %j', (bad) => {
    expect(() => assertLivenessThresholds(bad)).toThrow(InvalidLivenessThresholdsError);
  });
});
