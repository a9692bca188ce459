import { ISP_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { SettlementInputError } from '../errors';
import { settleOrder } from './order-settlement';
import { shareBySetpoints } from './segment-shares';
import type { SetpointChange } from './segment-shares';

const T0 = Date.UTC(2026, 2, 10, 16);
const ISP = ISP_MS;

describe('shareBySetpoints', () => {
  it("splits the node's delivery and money pro rata of each segment's commanded change", () => {
    // 30 kW ordered down, 30 kW delivered: 7,500 Wh, 1.50 € at 200 €/MWh.
    const order = settleOrder([{ ts: T0, orderedW: -30_000, baselineW: 50_000, meteredW: 20_000 }], { priceCentsPerMWh: 20_000 });
    const setpoints: SetpointChange[] = [
      { ts: T0, segmentId: 'b', commandedChangeW: -10_000 },
      { ts: T0, segmentId: 'a', commandedChangeW: -20_000 },
      { ts: T0, segmentId: 'c', commandedChangeW: 5_000 }, // asked to move the other way: no share
    ];
    const shares = shareBySetpoints(order, setpoints);
    expect(shares.segments).toEqual([
      { segmentId: 'a', deliveredWh: 5_000, remunerationCents: 100, penaltyCents: 0, netCents: 100 },
      { segmentId: 'b', deliveredWh: 2_500, remunerationCents: 50, penaltyCents: 0, netCents: 50 },
      { segmentId: 'c', deliveredWh: 0, remunerationCents: 0, penaltyCents: 0, netCents: 0 },
    ]);
    expect(shares.isps.map((s) => s.segmentId)).toEqual(['a', 'b']);
    expect(shares.unallocated).toEqual({ deliveredWh: 0, remunerationCents: 0, penaltyCents: 0, netCents: 0, ispTs: [] });
  });

  it('gives the odd cent to the largest remainder, ties to the smaller segment id', () => {
    const order = settleOrder([{ ts: T0, orderedW: -4, baselineW: 10, meteredW: 6 }], { priceCentsPerMWh: 10_000_000 }); // 1 Wh, 10 c
    const shares = shareBySetpoints(order, ['z', 'y', 'x'].map((segmentId) => ({ ts: T0, segmentId, commandedChangeW: -1 })));
    expect(shares.segments.map((s) => [s.segmentId, s.remunerationCents])).toEqual([
      ['x', 4],
      ['y', 3],
      ['z', 3],
    ]);
  });

  it('leaves with the node what no segment was commanded for', () => {
    const order = settleOrder(
      [
        { ts: T0, orderedW: -40_000, baselineW: 50_000, meteredW: 10_000 },
        { ts: T0 + ISP, orderedW: -40_000, baselineW: 50_000, meteredW: 10_000 },
      ],
      { priceCentsPerMWh: 20_000 },
    );
    const shares = shareBySetpoints(order, [{ ts: T0, segmentId: 'a', commandedChangeW: -40_000 }]);
    expect(shares.segments).toEqual([{ segmentId: 'a', deliveredWh: 10_000, remunerationCents: 200, penaltyCents: 0, netCents: 200 }]);
    expect(shares.unallocated).toEqual({ deliveredWh: 10_000, remunerationCents: 200, penaltyCents: 0, netCents: 200, ispTs: [T0 + ISP] });
  });

  it('refuses a setpoint outside the order or twice for one segment and ISP', () => {
    const order = settleOrder([{ ts: T0, orderedW: -1000, baselineW: 0, meteredW: -1000 }], { priceCentsPerMWh: 1 });
    expect(() => shareBySetpoints(order, [{ ts: T0 + ISP, segmentId: 'a', commandedChangeW: -1 }])).toThrow(SettlementInputError);
    expect(() =>
      shareBySetpoints(order, [
        { ts: T0, segmentId: 'a', commandedChangeW: -1 },
        { ts: T0, segmentId: 'a', commandedChangeW: -2 },
      ]),
    ).toThrow(/two setpoints of a/);
  });

  it('adds the shares up to the node exactly, ISP by ISP and in total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ orderedW: fc.integer({ min: -1e6, max: 1e6 }), baselineW: fc.double({ min: -1e6, max: 1e6, noNaN: true }), meteredW: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(7), fc.constantFrom('s1', 's2', 's3', 's4', 's5'), fc.double({ min: -1e5, max: 1e5, noNaN: true })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (rows, raw, priceCentsPerMWh) => {
          const order = settleOrder(rows.map((row, i) => ({ ts: T0 + i * ISP, ...row })), { priceCentsPerMWh });
          const seen = new Set<string>();
          const setpoints = raw
            .filter(([i, id]) => i < rows.length && !seen.has(`${i}${id}`) && seen.add(`${i}${id}`))
            .map(([i, segmentId, commandedChangeW]) => ({ ts: T0 + i * ISP, segmentId, commandedChangeW }));
          const shares = shareBySetpoints(order, setpoints);
          for (const key of ['deliveredWh', 'remunerationCents', 'penaltyCents', 'netCents'] as const) {
            expect(shares.segments.reduce((s, seg) => s + seg[key], 0) + shares.unallocated[key]).toBe(order.totals[key]);
            for (const settled of order.isps) {
              const ofIsp = shares.isps.filter((s) => s.ts === settled.ts);
              if (ofIsp.length > 0) expect(ofIsp.reduce((s, seg) => s + seg[key], 0)).toBe(settled[key]);
            }
          }
          for (const share of shares.isps) expect(share.remunerationCents).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
