import { HOUR_MS, ISP_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { MissingDataError } from '../errors';
import { baselineCalendar } from './baseline-calendar';
import { datesUntil, hourOf, ispsOfDay, noise, PARIS, seriesOfDays } from './baseline.fixture';
import { curtailedPvBaseline } from './curtailed-pv';
import type { PvSegmentSeries } from './curtailed-pv';

// 10 June 2026, 12:00–13:00 UTC (14:00–15:00 in Paris): 4 ISPs.
const EVENT_START = Date.UTC(2026, 5, 10, 12);
const CALENDAR = baselineCalendar({ eventStartTs: EVENT_START, eventEndTs: EVENT_START + HOUR_MS, timeZone: PARIS });
const DATES = datesUntil('2026-06-10', 46);
const EVENT_ISPS = [0, 1, 2, 3].map((i) => EVENT_START + i * ISP_MS);

/** A clear-day shape: 0 at night, 1 at 13:30 local. */
const shape = (timeOfDayMs: number): number => Math.max(0, Math.sin(((hourOf(timeOfDayMs) - 6) / 15) * Math.PI));

function pv(segmentId: string, powerW: (date: string, timeOfDayMs: number, ts: number) => number | undefined, curtailedTs: number[] = []): PvSegmentSeries {
  return { segmentId, pvPowerW: seriesOfDays(DATES, powerW), curtailedTs: new Set(curtailedTs) };
}

describe('curtailed-pv', () => {
  it('scales each qualifying neighbour by the yield ratio of recent uncurtailed days and averages them', () => {
    const eventW = (scale: number, eventPowerW: number) => (_: string, timeOfDayMs: number, ts: number) => (EVENT_ISPS.includes(ts) ? eventPowerW : scale * 1000 * shape(timeOfDayMs));
    // The segment was curtailed on 9 June (its readings that day are low): 9 June is no reference day for anyone.
    const curtailedOn9 = ispsOfDay('2026-06-09').filter((ts) => shape(ts % 86_400_000) > 0.5);
    const segment = pv('S', (_, timeOfDayMs, ts) => (curtailedOn9.includes(ts) ? 100 : 2 * 1000 * shape(timeOfDayMs)), [...curtailedOn9, ...EVENT_ISPS]);
    const a = pv('A', eventW(4, 800)); // twice the segment's tiles: ratio 0.5 → 400 W
    const b = pv('B', eventW(1, 150)); // half of them: ratio 2 → 300 W
    const curtailedInEvent = pv('C', eventW(1, 10), [EVENT_ISPS[2]]);
    const gapInEvent = pv('D', (_, timeOfDayMs, ts) => (ts === EVENT_ISPS[1] ? undefined : 1000 * shape(timeOfDayMs)));
    // E has readings for 2 days only before the event: too few to learn a ratio.
    const young = pv('E', (date, timeOfDayMs) => (date >= '2026-06-08' ? 1000 * shape(timeOfDayMs) : undefined));
    const forecastPowerW = new Map(EVENT_ISPS.map((ts) => [ts, 9999]));

    const result = curtailedPvBaseline({ segment, forecastPowerW, neighbours: [a, b, curtailedInEvent, gapInEvent, young, segment] }, CALENDAR);
    expect(result.source).toBe('neighbours');
    expect(result.neighboursUsed.map((n) => n.segmentId)).toEqual(['A', 'B']);
    expect(result.neighboursUsed[0].ratio).toBeCloseTo(0.5, 12);
    expect(result.neighboursUsed[1].ratio).toBeCloseTo(2, 12);
    const referenceDays = ['2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07', '2026-06-08'];
    expect(result.neighboursUsed[0].referenceDays).toEqual(referenceDays);
    expect(result.daysUsed).toEqual(referenceDays);
    expect(result.isps.map((isp) => isp.ts)).toEqual(EVENT_ISPS);
    for (const isp of result.isps) expect(isp.baselineW).toBeCloseTo(350, 9);
    expect(result.adjustment).toBeNull();
  });

  it("falls back to the segment's own forecast when no neighbour qualifies, and fails if the forecast has a gap", () => {
    const segment = pv('S', (_, timeOfDayMs) => 1000 * shape(timeOfDayMs), EVENT_ISPS);
    const broken = pv('N', () => 0); // no yield: no ratio
    const forecastPowerW = new Map(EVENT_ISPS.map((ts, i) => [ts, 500 + i]));
    const result = curtailedPvBaseline({ segment, forecastPowerW, neighbours: [broken] }, CALENDAR);
    expect(result).toMatchObject({ source: 'forecast', neighboursUsed: [], daysUsed: [] });
    expect(result.isps.map((isp) => isp.baselineW)).toEqual([500, 501, 502, 503]);
    forecastPowerW.delete(EVENT_ISPS[3]);
    expect(() => curtailedPvBaseline({ segment, forecastPowerW, neighbours: [] }, CALENDAR)).toThrow(MissingDataError);
  });

  it('reads a wider tier of neighbours only when no segment of a nearer tier qualifies, and the forecast only when no tier has one', () => {
    // The order curtailed every other segment of S's node: the parent's segments, a street away, share its sky.
    const sky = (_: string, timeOfDayMs: number, ts: number) => 1000 * shape(timeOfDayMs) * (EVENT_ISPS.includes(ts) ? 0.3 : 1);
    const segment = pv('S', (date, timeOfDayMs, ts) => 2 * sky(date, timeOfDayMs, ts), EVENT_ISPS);
    const sameNodeCurtailed = pv('A', sky, EVENT_ISPS);
    const parentSegment = pv('P', (date, timeOfDayMs, ts) => 4 * sky(date, timeOfDayMs, ts)); // ratio 0.5 → 600 W
    const grandparentSegment = pv('G', (date, timeOfDayMs, ts) => (EVENT_ISPS.includes(ts) ? 9000 : sky(date, timeOfDayMs, ts)));
    const forecastPowerW = new Map(EVENT_ISPS.map((ts) => [ts, 9999]));
    const expectedW = EVENT_ISPS.map((ts) => 2 * 1000 * shape(ts - Date.UTC(2026, 5, 9, 22)) * 0.3);

    const fromParent = curtailedPvBaseline({ segment, forecastPowerW, neighbours: [sameNodeCurtailed], widerNeighbours: [[parentSegment], [grandparentSegment]] }, CALENDAR);
    expect(fromParent).toMatchObject({ source: 'neighbours', neighbourTier: 1 });
    expect(fromParent.neighboursUsed.map((n) => n.segmentId)).toEqual(['P']);
    fromParent.isps.forEach((isp, i) => expect(isp.baselineW).toBeCloseTo(expectedW[i], 9));

    // A qualifying neighbour on the same node: the wider tiers are not read, however many they hold.
    const sameNodeFree = pv('B', (date, timeOfDayMs, ts) => sky(date, timeOfDayMs, ts) / 2); // ratio 4
    const fromNode = curtailedPvBaseline({ segment, forecastPowerW, neighbours: [sameNodeCurtailed, sameNodeFree], widerNeighbours: [[parentSegment, grandparentSegment]] }, CALENDAR);
    expect(fromNode).toMatchObject({ source: 'neighbours', neighbourTier: 0 });
    expect(fromNode.neighboursUsed.map((n) => n.segmentId)).toEqual(['B']);
    fromNode.isps.forEach((isp, i) => expect(isp.baselineW).toBeCloseTo(expectedW[i], 9));

    const nowhere = curtailedPvBaseline({ segment, forecastPowerW, neighbours: [sameNodeCurtailed], widerNeighbours: [[], [pv('Q', sky, [EVENT_ISPS[0]])]] }, CALENDAR);
    expect(nowhere).toMatchObject({ source: 'forecast', neighbourTier: null, neighboursUsed: [] });
    expect(nowhere.isps.map((isp) => isp.baselineW)).toEqual([9999, 9999, 9999, 9999]);
  });

  it('returns the truth when the neighbours are scaled copies of the curtailed segment, gaps and curtailments elsewhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.double({ min: 0.05, max: 20, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0, max: 0.003, noNaN: true }),
        (seed, scales, gapRate) => {
          // Truth: a clear-day shape under clouds that change by the day and the quarter hour.
          const truth = seriesOfDays(DATES, (date, timeOfDayMs, ts) => 1500 * shape(timeOfDayMs) * (0.2 + 0.8 * noise(seed, ts / ISP_MS)) * (0.5 + noise(seed + 1, Number(date.slice(8)))));
          const trouble = (n: number, ts: number): boolean => !EVENT_ISPS.includes(ts) && n > 0 && noise(seed + 10 * n, ts / ISP_MS) < gapRate;
          const segmentCurtailed = [...truth.keys()].filter((ts) => EVENT_ISPS.includes(ts) || noise(seed + 3, ts / ISP_MS) < gapRate);
          const segment: PvSegmentSeries = {
            segmentId: 'S',
            // What the meter saw: half of the truth where curtailed.
            pvPowerW: new Map([...truth].map(([ts, w]) => [ts, segmentCurtailed.includes(ts) ? w / 2 : w])),
            curtailedTs: new Set(segmentCurtailed),
          };
          const neighbours = scales.map((scale, n): PvSegmentSeries => {
            const pvPowerW = new Map<number, number>();
            const curtailedTs = new Set<number>();
            for (const [ts, w] of truth) {
              if (trouble(n, ts) && noise(seed + 5, ts) < 0.5) continue; // a gap
              pvPowerW.set(ts, scale * w);
              if (trouble(n, ts)) curtailedTs.add(ts);
            }
            return { segmentId: `N${n}`, pvPowerW, curtailedTs };
          });
          const result = curtailedPvBaseline({ segment, forecastPowerW: new Map(), neighbours }, CALENDAR);
          expect(result.source).toBe('neighbours');
          result.isps.forEach((isp) => {
            const expected = truth.get(isp.ts)!;
            expect(Math.abs(isp.baselineW - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});
