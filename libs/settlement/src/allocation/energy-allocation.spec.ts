import { ISP_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { MissingDataError, SettlementInputError } from '../errors';
import { allocateEnergy } from './energy-allocation';
import type { AllocationKey } from './energy-allocation';

const T0 = Date.UTC(2026, 5, 15, 10);
const ISP = ISP_MS;
const series = (...powersW: number[]) => new Map(powersW.map((w, i) => [T0 + i * ISP, w]));

describe('allocateEnergy', () => {
  // Two ISPs: 4 kW then 2 kW of PV; the commune's lights draw nothing by day, the CPO 6 kW, the school 2 kW.
  const productionW = series(4000, 2000);
  const consumptionW = new Map([
    ['school', series(2000, 2000)],
    ['cpo', series(6000, 6000)],
    ['commune', series(0, 0)],
  ]);

  it('prorata: shares the PV in proportion to consumption, in whole Wh, participants in name order', () => {
    const result = allocateEnergy({ productionW, consumptionW, key: { kind: 'prorata' } });
    expect(result.isps[0]).toEqual({
      ts: T0,
      productionWh: 1000,
      allocatedWh: 1000,
      surplusWh: 0,
      participants: [
        { participant: 'commune', consumedWh: 0, allocatedWh: 0 },
        { participant: 'cpo', consumedWh: 1500, allocatedWh: 750 },
        { participant: 'school', consumedWh: 500, allocatedWh: 250 },
      ],
    });
    expect(result.totals).toMatchObject({ productionWh: 1500, consumedWh: 4000, allocatedWh: 1500, surplusWh: 0 });
    expect(result.totals.participants[1]).toEqual({ participant: 'cpo', consumedWh: 3000, allocatedWh: 1125 });
  });

  it('static and custom: fixed shares, custom per ISP; the share a participant cannot use is surplus', () => {
    const shares = new Map([
      ['commune', 0.5],
      ['cpo', 0.3],
      ['school', 0.2],
    ]);
    const fixed = allocateEnergy({ productionW, consumptionW, key: { kind: 'static', shares } });
    expect(fixed.isps.map((isp) => isp.participants.map((p) => p.allocatedWh))).toEqual([
      [0, 300, 200],
      [0, 150, 100],
    ]);
    expect(fixed.totals).toMatchObject({ productionWh: 1500, allocatedWh: 750, surplusWh: 750 });
    const custom: AllocationKey = {
      kind: 'custom',
      sharesByTs: new Map([
        [T0, new Map([['commune', 0], ['cpo', 1], ['school', 0]])],
        [T0 + ISP, shares],
        [T0 + 99 * ISP, shares], // an ISP without data: not read
      ]),
    };
    expect(allocateEnergy({ productionW, consumptionW, key: custom }).isps.map((isp) => isp.allocatedWh)).toEqual([1000, 250]);
  });

  it('never reads missing data as 0: production, consumption, a share or a custom ISP', () => {
    const gap = new Map(consumptionW);
    gap.set('school', series(2000));
    expect(() => allocateEnergy({ productionW, consumptionW: gap, key: { kind: 'prorata' } })).toThrow(MissingDataError);
    expect(() => allocateEnergy({ productionW, consumptionW: gap, key: { kind: 'prorata' } })).toThrow('no consumption of "school" for the ISP 2026-06-15T10:15:00Z');
    expect(() => allocateEnergy({ productionW: series(4000), consumptionW, key: { kind: 'prorata' } })).toThrow('no production for the ISP 2026-06-15T10:15:00Z');
    expect(() => allocateEnergy({ productionW, consumptionW, key: { kind: 'static', shares: new Map([['cpo', 1]]) } })).toThrow(/no share for "commune"/);
    expect(() => allocateEnergy({ productionW, consumptionW, key: { kind: 'static', shares: new Map([['cpo', 1], ['commune', 0], ['school', 0], ['bakery', 0]]) } })).toThrow(/share for "bakery", who has no consumption/);
    expect(() => allocateEnergy({ productionW, consumptionW, key: { kind: 'custom', sharesByTs: new Map() } })).toThrow(/custom key: no shares for the ISP 2026-06-15T10:00:00Z/);
    expect(() => allocateEnergy({ productionW: series(-1, 0), consumptionW, key: { kind: 'prorata' } })).toThrow(SettlementInputError);
    const tooMuch = new Map([['commune', 0.5], ['cpo', 0.5], ['school', 0.1]]);
    expect(() => allocateEnergy({ productionW, consumptionW, key: { kind: 'custom', sharesByTs: new Map([[T0, tooMuch]]) } })).toThrow('custom key at 2026-06-15T10:00:00Z: the shares add up to 1.1, more than 1');
  });

  it('keeps Σ allocated ≤ P, allocated ≤ consumed and production = allocated + surplus, for every key', () => {
    const participants = ['a', 'b', 'c', 'd'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 4, maxLength: 4 })), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 250_000 }), { minLength: 4, maxLength: 4 }),
        fc.constantFrom('static', 'prorata', 'custom'),
        (rows, ppm, kind) => {
          const production = new Map(rows.map(([p], i) => [T0 + i * ISP, p]));
          const consumption = new Map(participants.map((name, j) => [name, new Map(rows.map(([, c], i) => [T0 + i * ISP, c[j]]))]));
          const shares = new Map(participants.map((name, j) => [name, ppm[j] / 1e6]));
          const key: AllocationKey = kind === 'static' ? { kind, shares } : kind === 'prorata' ? { kind } : { kind, sharesByTs: new Map(rows.map((_, i) => [T0 + i * ISP, new Map(participants.map((name, j) => [name, ppm[(j + i) % 4] / 1e6]))])) };
          const result = allocateEnergy({ productionW: production, consumptionW: consumption, key });
          for (const isp of result.isps) {
            expect(isp.allocatedWh).toBeLessThanOrEqual(isp.productionWh);
            expect(isp.allocatedWh + isp.surplusWh).toBe(isp.productionWh);
            expect(isp.participants.reduce((s, p) => s + p.allocatedWh, 0)).toBe(isp.allocatedWh);
            for (const p of isp.participants) {
              expect(p.allocatedWh).toBeGreaterThanOrEqual(0);
              expect(p.allocatedWh).toBeLessThanOrEqual(p.consumedWh);
            }
          }
          expect(result.totals.allocatedWh + result.totals.surplusWh).toBe(result.totals.productionWh);
          expect(result.totals.participants.reduce((s, p) => s + p.allocatedWh, 0)).toBe(result.totals.allocatedWh);
        },
      ),
      { numRuns: 300 },
    );
  });
});
