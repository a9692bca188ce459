import fc from 'fast-check';

import { QUANTILE_LEVELS } from '../grid/quantile-series';
import { binOf, histogramQuantilesInto, NODE_EV_LAYOUT, SEGMENT_EV_LAYOUT } from './ev-histogram';

describe('EV power histograms', () => {
  it('puts idle power in bin 0 and full power in the top bin', () => {
    expect(binOf(SEGMENT_EV_LAYOUT, 0)).toBe(0);
    expect(binOf(SEGMENT_EV_LAYOUT, 0.01)).toBe(0);
    expect(binOf(SEGMENT_EV_LAYOUT, 0.17)).toBe(2);
    expect(binOf(SEGMENT_EV_LAYOUT, 0.5)).toBe(5);
    expect(binOf(SEGMENT_EV_LAYOUT, 1)).toBe(7);
    expect(binOf(SEGMENT_EV_LAYOUT, 3)).toBe(7);
    expect(binOf(NODE_EV_LAYOUT, 0.0005)).toBe(0);
    expect(binOf(NODE_EV_LAYOUT, 1)).toBe(31);
  });

  it('reads a point mass in idle as 0 and interpolates inside a bin', () => {
    const out = new Float64Array(5);
    const probs = [0.5, 0, 0, 0, 0.5, 0, 0, 0];
    histogramQuantilesInto(SEGMENT_EV_LAYOUT, probs, 0, QUANTILE_LEVELS, out, 0);
    expect(Array.from(out.slice(0, 3))).toEqual([0, 0, 0]);
    expect(out[3]).toBeCloseTo(0.375 + 0.5 * 0.125, 12); // level 0.75: halfway through bin [0.375, 0.5)
  });

  it('gives non-decreasing quantiles within [0, 1] for any histogram (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 32, maxLength: 32 }), fc.boolean(), (counts, node) => {
        const layout = node ? NODE_EV_LAYOUT : SEGMENT_EV_LAYOUT;
        const bins = layout.edges.length;
        const used = counts.slice(0, bins);
        const total = used.reduce((a, b) => a + b, 0) || 1;
        const probs = used.map((c) => c / total);
        if (used.every((c) => c === 0)) probs[0] = 1;
        const out = new Float64Array(QUANTILE_LEVELS.length);
        histogramQuantilesInto(layout, probs, 0, QUANTILE_LEVELS, out, 0);
        for (let l = 0; l < out.length; l++) {
          expect(out[l]).toBeGreaterThanOrEqual(0);
          expect(out[l]).toBeLessThanOrEqual(1);
          if (l > 0) expect(out[l]).toBeGreaterThanOrEqual(out[l - 1]);
        }
      }),
    );
  });
});
