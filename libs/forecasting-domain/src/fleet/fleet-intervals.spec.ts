import { ISP_MS } from '@trottoir/kernel';
import { describe, expect, it } from 'vitest';

import { fleetIntervals } from './fleet-intervals';
import type { QuarterHourObservation } from './fleet-intervals';

const T0 = Date.UTC(2026, 5, 21, 12);

function observed(segmentId: string, ts: number, pvPowerW: number): QuarterHourObservation {
  return { segmentId, ts, pvPowerW, lightsPowerW: pvPowerW + 1, evPowerW: pvPowerW + 2, samples: 3 };
}

describe('fleetIntervals', () => {
  it('gives one record per interval, in time order, a value per fleet segment and NaN where one did not report', () => {
    const intervals = fleetIntervals(
      [observed('s2', T0 + ISP_MS, 20), observed('s1', T0, 10), observed('s2', T0, 11)],
      [{ segmentId: 's1' }, { segmentId: 's2' }],
    );

    expect(intervals.map((interval) => interval.ts)).toEqual([T0, T0 + ISP_MS]);
    expect(Array.from(intervals[0]!.pvW)).toEqual([10, 11]);
    expect(Array.from(intervals[0]!.evW)).toEqual([12, 13]);
    expect(Array.from(intervals[1]!.pvW)).toEqual([Number.NaN, 20]);
    expect(Array.from(intervals[1]!.lightsW)).toEqual([Number.NaN, 21]);
  });

  it('leaves out segments the fleet does not have, and intervals only they reported', () => {
    expect(fleetIntervals([observed('gone', T0, 5)], [{ segmentId: 's1' }])).toEqual([]);
  });
});
