import { describe, expect, it } from 'vitest';

import { CityWeather, normalCdf } from './city-weather';

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const y = ys[i] ?? 0;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('CityWeather', () => {
  const firstDay = Math.floor(Date.UTC(2025, 0, 1) / 86_400_000);
  const days = Array.from({ length: 3 * 365 }, (_, k) => firstDay + k);

  it('keeps weather regimes for days: cloud cover is correlated with the day before, not with a week before', () => {
    const weather = new CityWeather({ seed: 7, latitudeDeg: 45.76, longitudeDeg: 4.84 });
    const cover = days.map((day) => weather.day(day).cloudCover);
    const lag = (k: number) => correlation(cover.slice(0, -k), cover.slice(k));
    expect(lag(1)).toBeGreaterThan(0.25);
    expect(lag(1)).toBeLessThan(0.6);
    expect(Math.abs(lag(7))).toBeLessThan(0.12);
  });

  it('draws any day alone and in any order the same for a seed', () => {
    const forward = new CityWeather({ seed: 3, latitudeDeg: 45.76, longitudeDeg: 4.84 });
    const backward = new CityWeather({ seed: 3, latitudeDeg: 45.76, longitudeDeg: 4.84 });
    const sample = days.slice(0, 100);
    const there = sample.map((day) => forward.day(day).cloudCover);
    const back = [...sample].reverse().map((day) => backward.day(day).cloudCover).reverse();
    expect(back).toEqual(there);
  });

  it('keeps more overcast days in winter than in summer', () => {
    const weather = new CityWeather({ seed: 11, latitudeDeg: 45.76, longitudeDeg: 4.84 });
    const overcastShare = (month: number) => {
      const inMonth = days.filter((day) => new Date(day * 86_400_000).getUTCMonth() === month);
      return inMonth.filter((day) => weather.day(day).cloudCover >= 0.75).length / inMonth.length;
    };
    expect(overcastShare(0)).toBeGreaterThan(overcastShare(6));
  });

  it('has a normal CDF accurate to the table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.281552)).toBeCloseTo(0.1, 6);
  });
});
