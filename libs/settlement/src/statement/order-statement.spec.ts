import { ISP_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { MissingDataError } from '../errors';
import { canonicalJson } from './canonical-json';
import type { OrderStatementInput } from './order-statement';
import { buildOrderStatement, ORDER_STATEMENT_FORMAT } from './order-statement';
import { orderStatementCsv } from './statement-csv';

const T0 = Date.UTC(2026, 5, 22, 16);

/** A 40 kW load reduction over two ISPs at 200.00 €/MWh, baseline 100 kW; s1 was asked for 3/4 of it, s2 for 1/4. */
function input(overrides: Partial<OrderStatementInput> = {}, meteredW = [60_000, 80_000]): OrderStatementInput {
  return {
    order: { orderId: 'o-1', offerId: 'f-1', nodeId: 'ps01', dsoId: 'enedis', ispMs: ISP_MS, currency: 'EUR', isps: [0, 1].map((i) => ({ ispStart: T0 + i * ISP_MS, orderedW: -40_000, priceCentsPerMWh: 20_000 })) },
    terms: { baselineMethod: '10of10', tolerance: 0.9, penaltyFactor: 1.5 },
    baseline: { method: '10of10', isps: [0, 1].map((i) => ({ ts: T0 + i * ISP_MS, baselineW: 100_000 })), adjustment: 1.04, daysUsed: ['2026-06-19', '2026-06-18'] },
    metered: meteredW.map((w, i) => ({ ispStart: T0 + i * ISP_MS, meteredW: w, segmentsMetered: 2, segmentsBelow: 2, sampleCount: 900 })),
    segments: [
      { segmentId: 's2', isps: [0, 1].map((i) => ({ ispStart: T0 + i * ISP_MS, commandedChangeW: -10_000, meteredW: 20_000 })) },
      { segmentId: 's1', isps: [0, 1].map((i) => ({ ispStart: T0 + i * ISP_MS, commandedChangeW: -30_000, meteredW: 40_000 + i * 20_000 })) },
    ],
    calendar: { timeZone: 'Europe/Paris', eventDays: [], holidays: ['2026-05-14'] },
    ...overrides,
  };
}

describe('buildOrderStatement', () => {
  it('settles each ISP against the frozen baseline and shares it among segments by their setpoints', () => {
    const statement = buildOrderStatement(input());
    expect(statement).toMatchObject({ format: ORDER_STATEMENT_FORMAT, orderId: 'o-1', nodeId: 'ps01', dsoId: 'enedis', terms: { baselineMethod: '10of10', tolerance: 0.9, penaltyFactor: 1.5 } });
    // ISP 0: 40 kW delivered, 10 kWh paid 2.00 €. ISP 1: 20 kW, 5 kWh paid 1.00 €; 4 kWh short of 9 × 1.5 × 200 €/MWh = 1.20 €.
    expect(statement.isps.map(({ deliveredW, paidWh, shortfallWh, remunerationCents, penaltyCents, netCents }) => ({ deliveredW, paidWh, shortfallWh, remunerationCents, penaltyCents, netCents }))).toEqual([
      { deliveredW: 40_000, paidWh: 10_000, shortfallWh: 0, remunerationCents: 200, penaltyCents: 0, netCents: 200 },
      { deliveredW: 20_000, paidWh: 5_000, shortfallWh: 4_000, remunerationCents: 100, penaltyCents: 120, netCents: -20 },
    ]);
    expect(statement.totals).toEqual({ orderedWh: 20_000, deliveredWh: 15_000, paidWh: 15_000, shortfallWh: 4_000, remunerationCents: 300, penaltyCents: 120, netCents: 180 });
    expect(statement.segments.map(({ segmentId, deliveredWh, remunerationCents, penaltyCents, netCents }) => ({ segmentId, deliveredWh, remunerationCents, penaltyCents, netCents }))).toEqual([
      { segmentId: 's1', deliveredWh: 11_250, remunerationCents: 225, penaltyCents: 90, netCents: 135 },
      { segmentId: 's2', deliveredWh: 3_750, remunerationCents: 75, penaltyCents: 30, netCents: 45 },
    ]);
    expect(statement.baseline).toEqual({ method: '10of10', adjustment: 1.04, daysUsed: ['2026-06-19', '2026-06-18'] });
    expect(statement.inputs).toEqual({ meteredFromTs: T0, meteredToTs: T0 + 2 * ISP_MS, baselineDays: ['2026-06-19', '2026-06-18'], timeZone: 'Europe/Paris', eventDays: [], holidays: ['2026-05-14'] });
  });

  it('prices each ISP at its own offer price', () => {
    const base = input();
    const statement = buildOrderStatement({ ...base, order: { ...base.order, isps: base.order.isps.map((isp, i) => ({ ...isp, priceCentsPerMWh: i === 0 ? 20_000 : 10_000 })) } });
    expect(statement.isps.map((isp) => [isp.priceCentsPerMWh, isp.remunerationCents, isp.penaltyCents])).toEqual([[20_000, 200, 0], [10_000, 50, 60]]);
    expect(statement.totals).toMatchObject({ remunerationCents: 250, penaltyCents: 60, netCents: 190 });
  });

  it('waits for an ISP without metered data rather than settle it on a guess', () => {
    expect(() => buildOrderStatement(input({}, [60_000, Number.NaN]))).toThrow(MissingDataError);
  });

  it('gives the same bytes for the same inputs in any order, and shares that add up to the node', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -200_000, max: 200_000 }), { minLength: 2, maxLength: 2 }),
        fc.array(fc.integer({ min: -50_000, max: 0 }), { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        (metered, commanded, reversed) => {
          const base = input({}, metered);
          base.segments[0].isps.forEach((isp, i) => (isp.commandedChangeW = commanded[i]));
          const shuffled: OrderStatementInput = {
            ...base,
            segments: reversed ? [...base.segments].reverse().map((s) => ({ ...s, isps: [...s.isps].reverse() })) : base.segments,
            metered: reversed ? [...base.metered].reverse() : base.metered,
            order: { ...base.order, isps: reversed ? [...base.order.isps].reverse() : base.order.isps },
          };
          const a = buildOrderStatement(base);
          expect(canonicalJson(buildOrderStatement(shuffled))).toBe(canonicalJson(a));
          for (const field of ['deliveredWh', 'remunerationCents', 'penaltyCents', 'netCents'] as const) {
            const shared = a.segments.reduce((sum, s) => sum + s[field], 0) + a.unallocated[field];
            expect(shared).toBe(a.totals[field]);
          }
        },
      ),
    );
  });

  it('exports one CSV row per ISP, per segment share and the totals', () => {
    const csv = orderStatementCsv(buildOrderStatement(input()), 2).trimEnd().split('\n');
    expect(csv).toHaveLength(1 + 2 + 4 + 1);
    expect(csv[0]).toMatch(/^row,orderId,version,segmentId,ispStart,ispStartIso,/);
    expect(csv[1]).toBe(`node,o-1,2,,${T0},2026-06-22T16:00:00.000Z,20000,-40000,100000,60000,,40000,10000,10000,10000,0,200,0,200`);
    expect(csv[csv.length - 1]).toBe('total,o-1,2,,,,,,,,,,20000,15000,15000,4000,300,120,180');
  });
});
