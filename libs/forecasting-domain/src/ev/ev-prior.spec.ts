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
