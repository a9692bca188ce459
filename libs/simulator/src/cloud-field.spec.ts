/** The cloud field: bounded, deterministic, spatially correlated, and moving. */
import { HOUR_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { CityWeather } from './city-weather';
import { CloudField, MIN_CLEAR_SKY_INDEX } from './cloud-field';

const bbox = { minLatDeg: 45.70, maxLatDeg: 45.82, minLonDeg: 4.75, maxLonDeg: 4.92 };
const field = (seed: number) => new CloudField({ seed, bbox, weather: new CityWeather({ seed, latitudeDeg: 45.76, longitudeDeg: 4.83 }) });
const YEAR_2026 = Date.UTC(2026, 0, 1);

describe('CloudField', () => {
  it('keeps the clear-sky index between 0.1 and 1 everywhere, at any time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: YEAR_2026, max: YEAR_2026 + 365 * 24 * HOUR_MS }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, ts, u, v) => {
        const index = field(seed).clearSkyIndex(ts, bbox.minLatDeg + u * 0.12, bbox.minLonDeg + v * 0.17);
        expect(index).toBeGreaterThanOrEqual(MIN_CLEAR_SKY_INDEX);
        expect(index).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is the same for the same seed and instant, asked in any order', () => {
    const ts = YEAR_2026 + 100 * 24 * HOUR_MS + 12 * HOUR_MS;
    const a = field(9);
    const b = field(9);
    b.clearSkyIndex(ts + 5 * HOUR_MS, 45.76, 4.83);
    expect(b.clearSkyIndex(ts, 45.75, 4.8)).toBe(a.clearSkyIndex(ts, 45.75, 4.8));
  });

  it('is spatially correlated: neighbours 100 m apart differ far less than places 10 km apart', () => {
    let near = 0;
    let far = 0;
    const clouds = field(3);
    for (let k = 0; k < 2_000; k++) {
      const ts = YEAR_2026 + k * 4 * HOUR_MS + 10 * HOUR_MS;
      const base = clouds.clearSkyIndex(ts, 45.72, 4.78);
      near += Math.abs(clouds.clearSkyIndex(ts, 45.7209, 4.78) - base);
      far += Math.abs(clouds.clearSkyIndex(ts, 45.81, 4.9) - base);
    }
    expect(near * 5).toBeLessThan(far);
  });

  it('moves: the index at one place changes within the hour on a cloudy day', () => {
    const clouds = field(11);
    const weather = new CityWeather({ seed: 11, latitudeDeg: 45.76, longitudeDeg: 4.83 });
    const day = Array.from({ length: 365 }, (_, d) => d).find((d) => weather.day(19_723 + d).cloudCover > 0.3 && weather.day(19_723 + d).cloudCover < 0.6);
    expect(day).toBeDefined();
    const noon = (19_723 + (day as number)) * 24 * HOUR_MS + 12 * HOUR_MS;
    const values = Array.from({ length: 60 }, (_, minute) => clouds.clearSkyIndex(noon + minute * 60_000, 45.76, 4.83));
    expect(new Set(values.map((value) => value.toFixed(3))).size).toBeGreaterThan(5);
  });

  it('interpolates its coarse grid close to the exact field', () => {
    const clouds = field(5);
    const ts = YEAR_2026 + 50 * 24 * HOUR_MS + 11 * HOUR_MS;
    const samples = clouds.sample(ts);
    for (const [lat, lon] of [[45.71, 4.76], [45.76, 4.83], [45.8, 4.9]]) {
      expect(Math.abs(clouds.valueAt(samples, clouds.position(lat, lon)) - clouds.clearSkyIndex(ts, lat, lon))).toBeLessThan(0.15);
    }
  });
});
