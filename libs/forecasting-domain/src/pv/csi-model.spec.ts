import { ISP_MS } from '@trottoir/kernel';
import { createCsiModelState, forecastCsiInto, observeCsi, prepareCsiForecaster, recordCsiWeather } from './csi-model';

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
    const start = Math.floor(Date.UTC(2026, 3, 1) / ISP_MS);
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

describe('csi model with a weather forecast', () => {
  /** Days whose csi is a daily level (known to an informative forecast) plus noise; night NaN. */
  function train(informative: boolean): { state: ReturnType<typeof createCsiModelState>; next: number; level: (day: number) => number } {
    const state = createCsiModelState(0);
    let seed = 3;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const levels: number[] = [];
    const level = (day: number): number => (levels[day] ??= 0.2 + 0.8 * random());
    const start = Math.floor(Date.UTC(2026, 3, 1) / ISP_MS);
    for (let i = 0; i < DAY * 60; i++) {
      const index = start + i;
      if (i % 4 === 0) {
        // A forecast of the next 48 h, issued every hour.
        const weather = Float64Array.from({ length: 192 }, (_, s) => (informative ? level(Math.floor((i + 1 + s) / DAY)) : random()));
        recordCsiWeather(state, index, weather);
      }
      const hour = (i % DAY) / 4;
      observeCsi(state, index, hour < 7 || hour >= 19 ? Number.NaN : level(Math.floor(i / DAY)) + (random() - 0.5) * 0.1);
    }
    return { state, next: start + DAY * 60, level };
  }

  it('learns to follow an informative forecast day-ahead, and gives a useless one almost no weight', () => {
    const good = train(true);
    const { betaWeather } = prepareCsiForecaster(good.state, LEVELS);
    expect(betaWeather[7][4]).toBeGreaterThan(0.5); // 24 h bin: the forecast carries the day's level
    const bad = train(false);
    expect(Math.abs(prepareCsiForecaster(bad.state, LEVELS).betaWeather[7][4])).toBeLessThan(0.1);
  });

  it('uses the blend with weather only where the forecast has a value, quantiles still ordered', () => {
    const { state, next } = train(true);
    const out = new Float64Array(LEVELS.length * DAY);
    const weather = new Float64Array(DAY).fill(Number.NaN);
    weather.fill(0.95, 40, 60);
    const withWeather = new Float64Array(DAY);
    const without = new Float64Array(DAY);
    const forecaster = prepareCsiForecaster(state, LEVELS);
    forecastCsiInto(state, forecaster, next, DAY, out, () => false, weather, withWeather);
    forecastCsiInto(state, forecaster, next, DAY, new Float64Array(LEVELS.length * DAY), () => false, undefined, without);
    expect(withWeather[30]).toBe(without[30]);
    expect(withWeather[50]).toBeGreaterThan(without[50]);
    for (let step = 0; step < DAY; step++) {
      for (let level = 1; level < LEVELS.length; level++) expect(out[level * DAY + step]).toBeGreaterThanOrEqual(out[(level - 1) * DAY + step]);
    }
  });
});
