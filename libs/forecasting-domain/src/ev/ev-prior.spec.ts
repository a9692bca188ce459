import fc from 'fast-check';

import { HOURS_PER_WEEK } from './ev-habits';
import { NODE_EV_LAYOUT, SEGMENT_EV_LAYOUT } from './ev-histogram';
import { defaultChargingShare, defaultEvPrior } from './ev-prior';

describe('default EV prior', () => {
  it.each([
    [SEGMENT_EV_LAYOUT, 1, 22_000],
    [SEGMENT_EV_LAYOUT, 2, 300_000],
    [NODE_EV_LAYOUT, 60, 60 * 22_000],
    [NODE_EV_LAYOUT, 5_000, 5_000 * 11_000],
  ])('is a probability distribution in every hour-of-week bucket (%#)', (layout, connectors, capacityW) => {
    const prior = defaultEvPrior(layout, connectors, capacityW);
    const bins = layout.edges.length;
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      let total = 0;
      for (let b = 0; b < bins; b++) total += prior[h * bins + b];
      expect(total).toBeCloseTo(1, 5);
    }
  });

  it('puts one AC connector idle with probability 1 − p and charging at 11 kW otherwise', () => {
    const prior = defaultEvPrior(SEGMENT_EV_LAYOUT, 1, 22_000);
    const tuesday19 = 24 + 19;
    const p = defaultChargingShare(tuesday19, false);
    expect(prior[tuesday19 * 8]).toBeCloseTo(1 - p, 6);
    expect(prior[tuesday19 * 8 + 5]).toBeCloseTo(p, 6); // 11 / 22 kW = 0.5: bin [0.5, 0.625)
  });

  it('is all idle without connectors', () => {
    const prior = defaultEvPrior(SEGMENT_EV_LAYOUT, 0, 0);
    expect(prior[0]).toBe(1);
    expect(prior[100 * 8]).toBe(1);
  });
});

describe('defaultEvPrior for some hours only', () => {
  it('equals the whole prior on the hours asked, bit for bit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.double({ min: 1_000, max: 2e7, noNaN: true }), fc.uniqueArray(fc.integer({ min: 0, max: 167 }), { maxLength: 60 }), (connectors, capacityW, hours) => {
        const whole = defaultEvPrior(NODE_EV_LAYOUT, connectors, capacityW);
        const some = defaultEvPrior(NODE_EV_LAYOUT, connectors, capacityW, hours);
        const bins = NODE_EV_LAYOUT.edges.length;
        for (const h of hours) expect(some.subarray(h * bins, (h + 1) * bins)).toEqual(whole.subarray(h * bins, (h + 1) * bins));
      }),
      { numRuns: 40 },
    );
  });
});
