import { ISP_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { MissingDataError, SettlementInputError } from '../errors';
import { amountCents } from './money';
import { settleOrder } from './order-settlement';
import type { OrderIsp } from './order-settlement';

const T0 = Date.UTC(2026, 2, 10, 16);
const ISP = ISP_MS;
// A load reduction of 40 kW (10 kWh per ISP) at 200.00 €/MWh: 2.00 € per full ISP.
const isp = (i: number, meteredW: number, baselineW = 100_000, orderedW = -40_000): OrderIsp => ({ ts: T0 + i * ISP, orderedW, baselineW, meteredW });
const TERMS = { priceCentsPerMWh: 20_000 };

describe('settleOrder', () => {
  it('pays min(delivered, ordered) and nothing for over-delivery', () => {
    const { isps, totals } = settleOrder([isp(0, 60_000), isp(1, 40_000), isp(2, 62_000)], TERMS);
    expect(isps[0]).toMatchObject({ deliveredW: 40_000, orderedWh: 10_000, deliveredWh: 10_000, paidWh: 10_000, shortfallWh: 0, remunerationCents: 200, penaltyCents: 0, netCents: 200 });
    expect(isps[1]).toMatchObject({ deliveredW: 60_000, deliveredWh: 15_000, paidWh: 10_000, remunerationCents: 200, penaltyCents: 0 });
    // 38 kW: 95 % of ordered, above the 90 % tolerance: paid pro rata, no penalty.
    expect(isps[2]).toMatchObject({ deliveredWh: 9_500, paidWh: 9_500, shortfallWh: 0, remunerationCents: 190, penaltyCents: 0 });
    expect(totals).toEqual({ orderedWh: 30_000, deliveredWh: 34_500, paidWh: 29_500, shortfallWh: 0, remunerationCents: 590, penaltyCents: 0, netCents: 590 });
  });

  it('charges 1.5 × price × the energy missing below the 90 % tolerance', () => {
    // 20 kW delivered of 40: 5 kWh paid (1.00 €); tolerance 9 kWh, missing 4 kWh × 200 € × 1.5 = 1.20 €.
    const [half] = settleOrder([isp(0, 80_000)], TERMS).isps;
    expect(half).toMatchObject({ deliveredWh: 5_000, paidWh: 5_000, shortfallWh: 4_000, remunerationCents: 100, penaltyCents: 120, netCents: -20 });
    // The wrong way (+10 kW): nothing paid, the whole tolerance missing, no more.
    const [wrong] = settleOrder([isp(0, 110_000)], TERMS).isps;
    expect(wrong).toMatchObject({ deliveredW: -10_000, deliveredWh: -2_500, paidWh: 0, shortfallWh: 9_000, remunerationCents: 0, penaltyCents: 270 });
    // Contract terms: tolerance 80 %, factor 2.
    const [terms] = settleOrder([isp(0, 80_000)], { ...TERMS, tolerance: 0.8, penaltyFactor: 2 }).isps;
    expect(terms).toMatchObject({ shortfallWh: 3_000, penaltyCents: 120 });
  });

  it('settles ISPs of another length (a demonstration\'s one-minute ISPs) with their own energy', () => {
    // 40 kW ordered over one minute: 666.67 Wh, rounded to 667; 30 kW delivered: 500 Wh, under the 600 Wh tolerance.
    const minute = 60_000;
    const [isp0] = settleOrder([{ ts: T0 + 7 * minute, orderedW: -40_000, baselineW: 100_000, meteredW: 70_000 }], TERMS, minute).isps;
    expect(isp0).toMatchObject({ orderedWh: 667, deliveredWh: 500, paidWh: 500, shortfallWh: 100, remunerationCents: 10, penaltyCents: 3 });
    // A start that is not on the ISP grid of that length is refused.
    expect(() => settleOrder([{ ts: T0 + 7 * minute + 1, orderedW: -40_000, baselineW: 0, meteredW: 0 }], TERMS, minute)).toThrow(/60000 ms ISP/);
    // And with the default 15-minute grid a minute start is refused as before.
    expect(() => settleOrder([{ ts: T0 + 7 * minute, orderedW: -40_000, baselineW: 0, meteredW: 0 }], TERMS)).toThrow(/15-minute ISP/);
  });

  it('takes the delivery in the direction of the order (an increase of consumption)', () => {
    const [up] = settleOrder([isp(0, 25_000, 5_000, 20_000)], TERMS).isps;
    expect(up).toMatchObject({ deliveredW: 20_000, orderedWh: 5_000, paidWh: 5_000, remunerationCents: 100 });
    const [none] = settleOrder([isp(0, 25_000, 5_000, 0)], TERMS).isps;
    expect(none).toMatchObject({ deliveredW: 0, orderedWh: 0, paidWh: 0, shortfallWh: 0, netCents: 0 });
  });

  it('rounds each ISP to the cent, halves away from zero, and totals the rounded ISPs', () => {
    // 1 Wh at 150.50 €/MWh = 0.01505 c → 0 c; 333 Wh → 5.01165 c → 5 c.
    expect(amountCents(15_050, 1)).toBe(0);
    expect(amountCents(15_050, 333)).toBe(5);
    expect(amountCents(50_000, 1)).toBe(0); // 0.05 c
    expect(amountCents(50_000, 100)).toBe(5);
    expect(amountCents(50_000, 10)).toBe(1); // 0.5 c: away from zero
    expect(amountCents(50_000, 10, 1_500_000)).toBe(1); // 0.75 c
    expect(amountCents(1_000_000_000, 1e9)).toBe(1e12); // large numbers stay exact (BigInt)
    const { isps, totals } = settleOrder([isp(0, 99_996, 100_000, -4), isp(1, 99_996, 100_000, -4)], { priceCentsPerMWh: 5_000_000 });
    // 4 W for 15 min = 1 Wh at 50,000 €/MWh = 5 c each.
    expect(isps.map((i) => i.remunerationCents)).toEqual([5, 5]);
    expect(totals.remunerationCents).toBe(10);
  });

  it('keeps money in integers whose totals are the sums of the ISPs, and never pays above the order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ orderedW: fc.integer({ min: -1e6, max: 1e6 }), baselineW: fc.double({ min: -1e6, max: 1e6, noNaN: true }), meteredW: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }), { minLength: 1, maxLength: 24 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (rows, priceCentsPerMWh) => {
          const { isps, totals } = settleOrder(rows.map((row, i) => ({ ts: T0 + i * ISP, ...row })), { priceCentsPerMWh });
          for (const settled of isps) {
            for (const value of [settled.orderedWh, settled.deliveredWh, settled.paidWh, settled.shortfallWh, settled.remunerationCents, settled.penaltyCents]) expect(Number.isSafeInteger(value)).toBe(true);
            expect(settled.paidWh).toBeLessThanOrEqual(settled.orderedWh);
            expect(settled.paidWh).toBeGreaterThanOrEqual(0);
            expect(settled.shortfallWh).toBeLessThanOrEqual(Math.ceil(0.9 * settled.orderedWh));
            expect(settled.remunerationCents).toBeLessThanOrEqual(amountCents(priceCentsPerMWh, settled.orderedWh));
            if (settled.deliveredWh >= 0.9 * settled.orderedWh) expect(settled.penaltyCents).toBe(0);
          }
          expect(totals.netCents).toBe(isps.reduce((s, i) => s + i.netCents, 0));
          expect(totals.netCents).toBe(totals.remunerationCents - totals.penaltyCents);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses missing values, repeated ISPs and a price that is not whole cents per MWh', () => {
    expect(() => settleOrder([isp(0, Number.NaN)], TERMS)).toThrow(MissingDataError);
    expect(() => settleOrder([isp(0, Number.NaN)], TERMS)).toThrow('no meteredW for the ISP 2026-03-10T16:00:00Z');
    expect(() => settleOrder([isp(0, 1), isp(0, 2)], TERMS)).toThrow(/lists the ISP 2026-03-10T16:00:00Z twice/);
    expect(() => settleOrder([isp(0, 1)], { priceCentsPerMWh: 200.5 })).toThrow(SettlementInputError);
    expect(() => settleOrder([{ ...isp(0, 1), ts: T0 + 1 }], TERMS)).toThrow(/not the start of a 15-minute ISP/);
  });
});
