import { createCsiModelState, forecastCsiInto, observeCsi, prepareCsiForecaster, STEP_MS } from './csi-model';

const LEVELS = [0.1, 0.25, 0.5, 0.75, 0.9];
const DAY = 96;

/** A day's csi: clear mornings, cloudy afternoons (a pattern climatology can learn), night NaN. */
function csiAt(index: number, noise: number): number {
  const hour = ((index % DAY) / 4 + 24) % 24;
  if (hour < 7 || hour >= 19) return Number.NaN;
  return (hour < 12 ? 0.9 : 0.4) + noise;
}

describe('csi model', () => {
  it('learns a time-of-day pattern: day-ahead medians follow it, quantiles ordered and spread', () => {
    const state = createCsiModelState(0);
    let seed = 1;
    const noise = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5) * 0.2;
    const start = Math.floor(Date.UTC(2026, 3, 1) / STEP_MS);
    for (let i = 0; i < DAY * 40; i++) observeCsi(state, start + i, csiAt(start + i, noise()));
    const out = new Float64Array(LEVELS.length * DAY);
    const next = start + DAY * 40;
    forecastCsiInto(state, prepareCsiForecaster(state, LEVELS), next, DAY, out, () => false);
    const median = (step: number): number => out[2 * DAY + step];
    expect(median(9 * 4)).toBeGreaterThan(0.75); // 09:00: clear mornings
    expect(median(16 * 4)).toBeLessThan(0.55); // 16:00: cloudy afternoons
    for (let step = 0; step < DAY; step++) {
      for (let level = 1; level < LEVELS.length; level++) expect(out[level * DAY + step]).toBeGreaterThanOrEqual(out[(level - 1) * DAY + step]);
    }
    expect(out[4 * DAY + 16 * 4] - out[16 * 4]).toBeGreaterThan(0.02);
  });

  it('fits more persistence weight at short than at long horizons', () => {
    const state = createCsiModelState(0);
    // A slowly wandering csi: persistence is right at 15 min, useless a day later.
    let value = 0.6;
    let seed = 7;
    for (let i = 0; i < DAY * 30; i++) {
      seed = (seed * 48271) % 2147483647;
      value = Math.min(Math.max(value + (seed / 2147483647 - 0.5) * 0.1, 0.1), 1);
      observeCsi(state, 10_000 + i, value);
    }
    const { beta } = prepareCsiForecaster(state, LEVELS);
    const persistence = (b: number): number => beta[b][1] + beta[b][2];
    expect(persistence(0)).toBeGreaterThan(0.7);
    expect(persistence(0)).toBeGreaterThan(persistence(8));
  });

  it('ignores repeated or older intervals', () => {
    const state = createCsiModelState(0);
    observeCsi(state, 100, 0.5);
    const copy = JSON.stringify(state);
    observeCsi(state, 100, 0.9);
    observeCsi(state, 99, 0.9);
    expect(JSON.stringify(state)).toBe(copy);
  });
});
