import { createLightsScale, observeLightsScale } from './lights-scale';

describe('learned street-light scale', () => {
  it('settles on measured ÷ expected, ignores a few wild readings, and recovers after a repair', () => {
    const state = createLightsScale(1);
    const feed = (ratio: number, times: number): void => {
      for (let k = 0; k < times; k++) observeLightsScale(state, 0, 200, 200 * ratio, 240);
    };
    feed(0.75, 60); // one lamp of four broken
    expect(state.scale[0]).toBeCloseTo(0.75, 5);
    observeLightsScale(state, 0, 200, 50_000, 240); // meter glitch
    observeLightsScale(state, 0, 200, 0, 240); // lamps switched off one interval
    expect(Math.abs(state.scale[0] - 0.75)).toBeLessThanOrEqual(0.02 + 1e-6);
    feed(1, 60); // repaired
    expect(state.scale[0]).toBeCloseTo(1, 5);
  });

  it('does not learn from intervals where almost nothing was expected (twilight or daylight)', () => {
    const state = createLightsScale(1);
    observeLightsScale(state, 0, 1, 0, 240);
    expect(state.scale[0]).toBe(1);
    expect(state.seen[0]).toBe(0);
  });
});
