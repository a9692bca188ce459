import { ISP_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { canonicalJson } from './canonical-json';
import { buildAllocationStatements } from './allocation-statement';

// Two ISPs of 1 June 2026 and one of 2 June (Paris), PV shared between the street lights and the chargers.
const D1 = Date.UTC(2026, 5, 1, 10);
const D2 = Date.UTC(2026, 5, 2, 10);
const ISPS = [D1, D1 + ISP_MS, D2];

function input(pvW: number[], lightsW: number[], evW: number[]) {
  return {
    nodeId: 'ps01',
    dsoId: 'enedis',
    month: '2026-06',
    timeZone: 'Europe/Paris',
    monthIsps: ISPS,
    key: { kind: 'prorata' as const },
    productionW: new Map(ISPS.flatMap((ts, i) => (Number.isNaN(pvW[i]) ? [] : [[ts, pvW[i]] as [number, number]]))),
    consumptionW: new Map([
      ['street-lighting', new Map(ISPS.map((ts, i) => [ts, lightsW[i]]))],
      ['ev-charging', new Map(ISPS.map((ts, i) => [ts, evW[i]]))],
    ]),
  };
}

describe('buildAllocationStatements', () => {
  it('gives each participant its month, day by day, with the operation\'s production and surplus', () => {
    // ISP 1: 2 kWh of PV for 1 + 3 kWh of load: half of each (pro rata). ISP 2: 5 kWh for 4: all of it, 1 kWh exported. ISP 3: no PV reading: left out.
    const [ev, lights] = buildAllocationStatements(input([8_000, 20_000, Number.NaN], [4_000, 4_000, 4_000], [12_000, 12_000, 12_000]));
    expect(lights).toMatchObject({ participant: 'street-lighting', month: '2026-06', consumedWh: 2_000, allocatedWh: 1_500, days: [{ date: '2026-06-01', consumedWh: 2_000, allocatedWh: 1_500 }] });
    expect(ev).toMatchObject({ participant: 'ev-charging', consumedWh: 6_000, allocatedWh: 4_500 });
    expect(ev.operation).toEqual({ participants: ['ev-charging', 'street-lighting'], productionWh: 7_000, allocatedWh: 6_000, surplusWh: 1_000 });
    expect(ev.inputs).toEqual({ ispsInMonth: 3, ispsSettled: 2, ispsMissing: 1, firstIspTs: D1, lastIspTs: D2 });
  });

  it('never allocates more than produced or consumed, and prints the same bytes for the same data', () => {
    const power = fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(power, power, power, (pv, lights, evs) => {
        const statements = buildAllocationStatements(input(pv, lights, evs));
        const allocated = statements.reduce((sum, s) => sum + s.allocatedWh, 0);
        expect(allocated).toBe(statements[0].operation.allocatedWh);
        expect(allocated).toBeLessThanOrEqual(statements[0].operation.productionWh);
        for (const s of statements) {
          expect(s.allocatedWh).toBeLessThanOrEqual(s.consumedWh);
          expect(s.days.reduce((sum, d) => sum + d.allocatedWh, 0)).toBe(s.allocatedWh);
        }
        expect(buildAllocationStatements(input(pv, lights, evs)).map(canonicalJson)).toEqual(statements.map(canonicalJson));
      }),
    );
  });
});
