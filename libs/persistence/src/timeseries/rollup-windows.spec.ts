import { MINUTE_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { RECENT_ROLLUPS, recentRollupWindows, resumeRefreshFromTs } from './rollup-windows';

const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);

describe('recentRollupWindows', () => {
  it('mid-quarter: refreshes the minutes since the settle point and the open minute, no quarter-hour or hour', () => {
    // Previous cycle at 10:07:05, late threshold 2 min → settled before 10:05:05; now 10:08:05.
    expect(recentRollupWindows(T0 + 5 * MINUTE_MS + 5_000, T0 + 8 * MINUTE_MS + 5_000)).toEqual([{ table: 'telemetry_1m', fromTs: T0 + 5 * MINUTE_MS, toTs: T0 + 9 * MINUTE_MS }]);
  });

  it('after a quarter-hour closed: refreshes that quarter-hour as well, until the settle point passes its end', () => {
    const windows = (nowMin: number) => recentRollupWindows(T0 + (nowMin - 3) * MINUTE_MS + 5_000, T0 + nowMin * MINUTE_MS + 5_000).map((w) => w.table);
    expect(windows(15)).toEqual(['telemetry_1m', 'telemetry_15m']);
    expect(windows(17)).toEqual(['telemetry_1m', 'telemetry_15m']);
    // At 10:18:05 the settle point (10:15:05) is past 10:15: later readings of that quarter are late (dirty).
    expect(windows(18)).toEqual(['telemetry_1m']);
    expect(recentRollupWindows(T0 + 57 * MINUTE_MS + 5_000, T0 + 60 * MINUTE_MS + 5_000)).toContainEqual({ table: 'telemetry_1h', fromTs: T0, toTs: T0 + 60 * MINUTE_MS });
  });

  it('property: every closed bucket ending after the settle point is refreshed whole, open ones only at minute width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400_000 }), fc.integer({ min: 0, max: 7_200_000 }), (offset, span) => {
        const settled = T0 + offset;
        const now = settled + span;
        const windows = recentRollupWindows(settled, now);
        for (const { table, widthMs, includeOpen } of RECENT_ROLLUPS) {
          const window = windows.find((w) => w.table === table);
          // Bucket ends in (settled, now] (or the open one): each must lie inside the window.
          const lastEnd = includeOpen ? Math.ceil(now / widthMs) * widthMs : now;
          for (let end = Math.floor(settled / widthMs) * widthMs + widthMs; end <= lastEnd; end += widthMs) {
            expect(window).toBeDefined();
            expect(window!.fromTs).toBeLessThanOrEqual(end - widthMs);
            expect(window!.toTs).toBeGreaterThanOrEqual(end);
          }
          if (window) {
            expect(window.fromTs % widthMs).toBe(0);
            expect(window.toTs % widthMs).toBe(0);
            // Never an open quarter-hour or hour; never a bucket that closed before the settle point.
            if (!includeOpen) expect(window.toTs).toBeLessThanOrEqual(now);
            expect(window.fromTs + widthMs).toBeGreaterThan(settled);
          }
        }
      }),
    );
  });
});

describe('resumeRefreshFromTs', () => {
  const OFFLINE = 15 * MINUTE_MS;
  const LATE_WINDOW = 7 * 24 * 60 * MINUTE_MS;
  const now = T0 + 90 * MINUTE_MS + 10_000;

  it('resumes from the latest hourly bucket when it is older than the offline threshold (the hour open at the stop)', () => {
    expect(resumeRefreshFromTs(now, T0 - 120 * MINUTE_MS, OFFLINE, LATE_WINDOW)).toBe(T0 - 120 * MINUTE_MS);
  });

  it('goes back the offline threshold at least, for liveness', () => {
    // Five minutes into the hour whose bucket is the latest one.
    const early = T0 + 65 * MINUTE_MS;
    expect(resumeRefreshFromTs(early, T0 + 60 * MINUTE_MS, OFFLINE, LATE_WINDOW)).toBe(early - OFFLINE);
  });

  it('without any hourly bucket, or after a longer stop, never goes further back than the late-data window', () => {
    expect(resumeRefreshFromTs(now, undefined, OFFLINE, LATE_WINDOW)).toBe(now - LATE_WINDOW);
    expect(resumeRefreshFromTs(now, now - 30 * LATE_WINDOW, OFFLINE, LATE_WINDOW)).toBe(now - LATE_WINDOW);
  });
});
