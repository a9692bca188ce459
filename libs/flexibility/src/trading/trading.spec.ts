import { ISP_MS } from '@trottoir/kernel';

import type { DispatchProblem } from '../problem';
import type { DispatchSolution } from '../solution';
import { askForResponse, remainingDeltaW, ispDelivery } from './delivery';
import { centsPerMWh, offerFromSolution } from './offer';
import type { StoredOffer } from './order-check';
import { checkOrder } from './order-check';

const START = Date.UTC(2026, 5, 21, 12);

function problem(overrides: Partial<DispatchProblem> = {}): DispatchProblem {
  return {
    version: 1,
    ispMs: ISP_MS,
    start: START,
    isps: 3,
    node: { id: 'LV1', baselineW: [0, 0, 0], importLimitW: 1e6, exportLimitW: 1e6 },
    order: [
      { isp: 0, deltaW: 4_000 },
      { isp: 1, deltaW: 4_000 },
    ],
    shortfallPricePerKWh: 2,
    segments: [{ id: 's1', pv: { availableW: [3_000, 3_000, 3_000], curtailCostPerKWh: 0.1 } }],
    ...overrides,
  };
}

function solution(overrides: Partial<DispatchSolution> = {}): DispatchSolution {
  return { status: 'optimal', objective: 0, shortfallWh: 0, deliveredW: [0, 0, 0], setpoints: [], method: 'lp', optimalityGap: 0, ...overrides };
}

describe('offerFromSolution', () => {
  it('offers what the solution delivers in the request direction, at the levers cost per MWh, and says why it is short', () => {
    // 3 kW of curtailment in each of two quarter-hours: 1.5 kWh at 0.1/kWh = 0.15, plus 0.5 kWh short at 2/kWh.
    const draft = offerFromSolution(
      [
        { ispStart: START, deltaW: 4_000 },
        { ispStart: START + ISP_MS, deltaW: 4_000 },
      ],
      problem(),
      solution({ objective: 0.15 + 1, shortfallWh: 500, deliveredW: [3_000, 3_000, 0] }),
      { markup: 1 },
    );
    expect(draft.isps).toEqual([
      { ispStart: START, offeredDeltaW: 3_000, priceCentsPerMWh: 10_000 },
      { ispStart: START + ISP_MS, offeredDeltaW: 3_000, priceCentsPerMWh: 10_000 },
    ]);
    // 0.75 kWh at 100 €/MWh is 7.5 cents per ISP, each rounded half away from zero: 2 × 8.
    expect(draft.totalPriceCents).toBe(16);
    expect(draft.reason).toMatch(/^PARTIAL: 2 of 2 ISP/);
  });

  it('never offers more than asked, nor anything the other way', () => {
    const draft = offerFromSolution([{ ispStart: START, deltaW: -1_000 }], problem({ order: [{ isp: 0, deltaW: -1_000 }] }), solution({ deliveredW: [-2_500, 0, 0] }), { markup: 1 });
    expect(draft.isps[0].offeredDeltaW).toBe(-1_000);
    const wrongWay = offerFromSolution([{ ispStart: START, deltaW: -1_000 }], problem(), solution({ deliveredW: [500, 0, 0] }), { markup: 1 });
    expect(wrongWay.isps[0]).toEqual({ ispStart: START, offeredDeltaW: 0, priceCentsPerMWh: 0 });
    expect(wrongWay.reason).toMatch(/^NO_FLEXIBILITY/);
  });

  it('answers a node with nothing to dispatch with an offer of 0 and the reason, never silence', () => {
    const draft = offerFromSolution([{ ispStart: START, deltaW: 1_000 }], problem({ segments: [] }), solution(), { markup: 1 });
    expect(draft.isps[0].offeredDeltaW).toBe(0);
    expect(draft.reason).toMatch(/^NO_AVAILABLE_SEGMENTS/);
    expect(offerFromSolution([{ ispStart: START, deltaW: 1_000 }], problem(), solution({ status: 'infeasible', objective: null, reason: 'segment s1: the EV cannot take its energy' }), { markup: 1 }).reason).toBe(
      'INFEASIBLE: segment s1: the EV cannot take its energy',
    );
  });

  it('converts currency per kWh to whole cents per MWh, half away from zero', () => {
    expect(centsPerMWh(0.1)).toBe(10_000);
    expect(centsPerMWh(0.0000049)).toBe(0);
    expect(centsPerMWh(0.000005)).toBe(1);
  });
});

describe('checkOrder', () => {
  const offer: StoredOffer = {
    offerId: 'o1',
    nodeId: 'LV1',
    dsoId: 'dso-1',
    validUntil: START,
    isps: [
      { ispStart: START + ISP_MS, offeredDeltaW: 3_000, priceCentsPerMWh: 10_000 },
      { ispStart: START + 2 * ISP_MS, offeredDeltaW: 0, priceCentsPerMWh: 0 },
    ],
  };
  const order = (overrides: Partial<Parameters<typeof checkOrder>[0]> = {}) => ({ offerId: 'o1', nodeId: 'LV1', dsoId: 'dso-1', isps: [{ ispStart: START + ISP_MS, deltaW: 2_000 }], receivedAt: START - 1, ...overrides });

  it('takes an order within the offer, in whole or in part', () => {
    expect(checkOrder(order(), offer)).toBeUndefined();
    expect(checkOrder(order({ isps: [{ ispStart: START + ISP_MS, deltaW: 3_000.4 }] }), offer)).toBeUndefined();
  });

  it.each([
    ['an unknown offer', order(), undefined, 'UNKNOWN_OFFER'],
    ['an expired offer', order({ receivedAt: START }), offer, 'OFFER_EXPIRED'],
    ['another node', order({ nodeId: 'LV2' }), offer, 'NODE_MISMATCH'],
    ['another DSO', order({ dsoId: 'dso-2' }), offer, 'DSO_MISMATCH'],
    ['no ISP', order({ isps: [] }), offer, 'EMPTY_ORDER'],
    ['an ISP twice', order({ isps: [{ ispStart: START + ISP_MS, deltaW: 1 }, { ispStart: START + ISP_MS, deltaW: 1 }] }), offer, 'DUPLICATE_ISP'],
    ['an ISP offered at 0', order({ isps: [{ ispStart: START + 2 * ISP_MS, deltaW: 1 }] }), offer, 'ISP_NOT_OFFERED'],
    ['the other direction', order({ isps: [{ ispStart: START + ISP_MS, deltaW: -1_000 }] }), offer, 'WRONG_DIRECTION'],
    ['more than offered', order({ isps: [{ ispStart: START + ISP_MS, deltaW: 3_001 }] }), offer, 'ABOVE_OFFER'],
  ])('refuses %s with its reason', (_, candidate, stored, code) => {
    expect(checkOrder(candidate, stored)?.code).toBe(code);
  });
});

describe('delivery', () => {
  it('measures delivery against the frozen baseline', () => {
    expect(ispDelivery(-2_000, 10_000, 8_100)).toEqual({ orderedW: -2_000, baselineW: 10_000, measuredW: 8_100, deliveredW: -1_900, ratio: 0.95 });
  });

  it('asks the rest of the ISP for what makes the whole ISP average the order', () => {
    expect(remainingDeltaW(1_000, 500, 0.5)).toBe(1_500);
    expect(remainingDeltaW(1_000, 1_000, 0.3)).toBeCloseTo(1_000, 9);
    expect(remainingDeltaW(1_000, 0, 1)).toBeUndefined();
  });

  it('asks more of segments that delivered less than asked, within bounds, and as needed without a history', () => {
    expect(askForResponse(1_000, 950, 1_000)).toBeCloseTo(1_000 / 0.95, 9);
    expect(askForResponse(1_000, 1_100, 1_000)).toBeCloseTo(1_000 / 1.1, 9);
    expect(askForResponse(1_000, 100, 1_000)).toBeCloseTo(1_000 / 0.7, 9);
    expect(askForResponse(-1_000, -3_000, -1_000)).toBeCloseTo(-1_000 / 1.4, 9);
    expect(askForResponse(1_000, 500, 0)).toBe(1_000);
    expect(askForResponse(1_000, -50, 1_000)).toBe(1_000);
  });
});
