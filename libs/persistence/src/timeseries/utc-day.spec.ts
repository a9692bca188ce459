import { DAY_MS, HOUR_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { alignWindow, daysToEnsure, distinctUtcDays, utcDayStart } from './utc-day';

const ts = fc.integer({ min: -10 * 365 * DAY_MS, max: 200 * 365 * DAY_MS });

describe('utcDayStart', () => {
  it('returns the UTC midnight of the day containing ts', () => {
    expect(utcDayStart(Date.UTC(2026, 10, 30, 23, 59, 59, 999))).toBe(Date.UTC(2026, 10, 30));
    expect(utcDayStart(Date.UTC(2026, 11, 1))).toBe(Date.UTC(2026, 11, 1));
    expect(utcDayStart(-1)).toBe(-DAY_MS);
  });

  it('is a day-aligned lower bound less than a day away', () => {
    fc.assert(
      fc.property(ts, (t) => {
        const day = utcDayStart(t);
        expect(day % DAY_MS === 0).toBe(true);
        expect(day <= t && t < day + DAY_MS).toBe(true);
      }),
    );
  });
});

describe('distinctUtcDays', () => {
  it('lists each touched day once, ascending', () => {
    fc.assert(
      fc.property(fc.array(ts), (list) => {
        const days = distinctUtcDays(list);
        expect(new Set(days).size).toBe(days.length);
        expect([...days].sort((a, b) => a - b)).toEqual(days);
        for (const t of list) expect(days).toContain(utcDayStart(t));
        expect(days.length).toBeLessThanOrEqual(list.length);
      }),
    );
  });
});

describe('alignWindow', () => {
  it('widens 10:07–10:08 to the whole hour', () => {
    expect(alignWindow(Date.UTC(2026, 0, 1, 10, 7), Date.UTC(2026, 0, 1, 10, 8), HOUR_MS)).toEqual({
      fromTs: Date.UTC(2026, 0, 1, 10),
      toTs: Date.UTC(2026, 0, 1, 11),
    });
  });

  it('gives the smallest aligned, non-empty window containing the input', () => {
    fc.assert(
      fc.property(ts, fc.integer({ min: 0, max: 5 * DAY_MS }), fc.constantFrom(60_000, 900_000, HOUR_MS), (from, width, bucket) => {
        const window = alignWindow(from, from + width, bucket);
        expect(window.fromTs % bucket === 0 && window.toTs % bucket === 0).toBe(true);
        expect(window.fromTs <= from && window.toTs >= from + width).toBe(true);
        expect(window.toTs - window.fromTs).toBeGreaterThanOrEqual(bucket);
        expect(from - window.fromTs).toBeLessThan(bucket);
        expect(window.toTs - Math.max(from + width, window.fromTs + 1)).toBeLessThan(bucket);
      }),
    );
  });
});

describe('daysToEnsure', () => {
  const now = Date.UTC(2026, 10, 30, 12);
  const horizon = { maxPastDays: 3, maxFutureDays: 1 };

  it('skips known days and days outside the horizon', () => {
    const known = new Set([Date.UTC(2026, 10, 29)]);
    const list = [
      Date.UTC(2026, 10, 30, 1),
      Date.UTC(2026, 10, 30, 2),
      Date.UTC(2026, 10, 29, 5),
      Date.UTC(2026, 10, 27, 5),
      Date.UTC(2026, 10, 26, 5),
      Date.UTC(2026, 11, 1, 5),
      Date.UTC(2026, 11, 2, 5),
      Date.UTC(2100, 0, 1),
    ];
    expect(daysToEnsure(list, known, now, horizon)).toEqual([Date.UTC(2026, 10, 27), Date.UTC(2026, 10, 30), Date.UTC(2026, 11, 1)]);
  });

  it('returns a sorted subset of the batch days, unknown and within the horizon', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: now - 10 * DAY_MS, max: now + 10 * DAY_MS })), fc.array(fc.integer({ min: -10, max: 10 })), (list, knownOffsets) => {
        const known = new Set(knownOffsets.map((offset) => utcDayStart(now) + offset * DAY_MS));
        const days = daysToEnsure(list, known, now, horizon);
        const batchDays = distinctUtcDays(list);
        for (const day of days) {
          expect(batchDays).toContain(day);
          expect(known.has(day)).toBe(false);
          expect(day).toBeGreaterThanOrEqual(utcDayStart(now) - 3 * DAY_MS);
          expect(day).toBeLessThanOrEqual(utcDayStart(now) + DAY_MS);
        }
        expect([...days].sort((a, b) => a - b)).toEqual(days);
      }),
    );
  });
});
