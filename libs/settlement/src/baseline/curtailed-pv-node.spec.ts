import { ISP_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import type { CurtailedPvResult } from './curtailed-pv';
import { curtailedPvNodeBaseline } from './curtailed-pv-node';

const T = Date.UTC(2026, 5, 10, 12);
const ISPS = [T, T + ISP_MS, T + 2 * ISP_MS];

function estimate(values: number[], source: 'neighbours' | 'forecast' = 'neighbours'): CurtailedPvResult {
  return {
    method: 'curtailed-pv',
    isps: ISPS.map((ts, i) => ({ ts, baselineW: values[i] })),
    adjustment: null,
    daysUsed: source === 'neighbours' ? ['2026-06-08', '2026-06-09'] : [],
    source,
    neighboursUsed: source === 'neighbours' ? [{ segmentId: 'N', ratio: 1 / 3, referenceDays: ['2026-06-08', '2026-06-09'] }] : [],
    neighbourTier: source === 'neighbours' ? 0 : null,
  };
}

describe('curtailed-pv at the node', () => {
  it('undoes each curtailed segment\'s held-back PV on the node\'s metered net power', () => {
    // Net is import positive: −5 kW exported at the node while A made 1 kW of the 3 kW it could and B 0 of 500 W.
    const nodeMeteredW = new Map(ISPS.map((ts) => [ts, -5_000]));
    const result = curtailedPvNodeBaseline(nodeMeteredW, ISPS, [
      { segmentId: 'B', meteredPvW: new Map(ISPS.map((ts) => [ts, 0])), baseline: estimate([500, 500, 500], 'forecast') },
      { segmentId: 'A', meteredPvW: new Map(ISPS.map((ts) => [ts, 1_000])), baseline: estimate([3_000, 3_000, 3_000]) },
    ]);
    expect(result.isps.map((isp) => isp.baselineW)).toEqual([-7_500, -7_500, -7_500]);
    expect(result.source).toBe('neighbours+forecast');
    expect(result.daysUsed).toEqual(['2026-06-08', '2026-06-09']);
    expect(result.curtailedSegments.map((segment) => segment.segmentId)).toEqual(['A', 'B']);
    expect(result.curtailedSegments[0].neighbours).toEqual([{ segmentId: 'N', ratio: 0.333333333 }]);
  });

  it('leaves a segment without a PV reading out of that ISP, and waits for an ISP the node has no metering of', () => {
    const nodeMeteredW = new Map([
      [ISPS[0], -1_000],
      [ISPS[1], -1_000],
    ]);
    const meteredPvW = new Map([
      [ISPS[0], 200],
      [ISPS[2], 200],
    ]);
    const result = curtailedPvNodeBaseline(nodeMeteredW, ISPS, [{ segmentId: 'A', meteredPvW, baseline: estimate([700, 700, 700]) }]);
    expect(result.isps[0].baselineW).toBe(-1_500);
    expect(result.isps[1].baselineW).toBe(-1_000);
    expect(result.isps[2].baselineW).toBeNaN();
    expect(result.curtailedSegments[0].isps[1].meteredPvW).toBeNull();
  });

  it('delivers exactly the PV held back, whatever the loads did (property)', () => {
    const watts = fc.double({ min: -50_000, max: 50_000, noNaN: true });
    const pv = fc.double({ min: 0, max: 20_000, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(pv, pv), { minLength: 1, maxLength: 6 }), fc.array(watts, { minLength: 3, maxLength: 3 }), (segments, loadsW) => {
        const nodeMeteredW = new Map(ISPS.map((ts, i) => [ts, loadsW[i]]));
        const result = curtailedPvNodeBaseline(
          nodeMeteredW,
          ISPS,
          segments.map(([couldW, madeW], s) => ({ segmentId: `S${s}`, meteredPvW: new Map(ISPS.map((ts) => [ts, madeW])), baseline: estimate([couldW, couldW, couldW]) })),
        );
        const heldBackW = result.curtailedSegments.reduce((sum, segment) => sum + segment.isps[0].baselinePvW - (segment.isps[0].meteredPvW as number), 0);
        result.isps.forEach((isp, i) => expect(Math.round(loadsW[i] * 1000) / 1000 - isp.baselineW).toBeCloseTo(heldBackW, 2));
      }),
    );
  });
});
