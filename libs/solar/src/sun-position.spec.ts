import fc from 'fast-check';

import { deltaTSeconds, geocentricSunPosition, sunPosition } from './sun-position';

const GOLDEN = { latitudeDeg: 39.742476, longitudeDeg: -105.1786, elevationM: 1830.14 };

describe('sunPosition (NREL SPA)', () => {
  it('reproduces the worked example of Reda & Andreas (2004) to their printed precision', () => {
    // 2003-10-17 12:30:30 at UTC−7, 820 mbar, 11 °C, ΔT = 67 s: zenith 50.11162°, azimuth 194.34024°.
    const sun = sunPosition(Date.UTC(2003, 9, 17, 19, 30, 30), GOLDEN, { pressureHpa: 820, airTempC: 11, deltaTSeconds: 67 });
    expect(sun.apparentZenithDeg).toBeCloseTo(50.11162, 5);
    expect(sun.azimuthDeg).toBeCloseTo(194.34024, 5);
    expect(sun.apparentElevationDeg).toBeCloseTo(90 - 50.11162, 5);
  });

  it('gives the apparent place of Meeus, Astronomical Algorithms, example 25.b (1992-10-13 0h TD, full VSOP87)', () => {
    // α = 13h13m30.749s = 198.378121°, δ = −7°47′01.74″ = −7.783817°, R = 0.99760775 AU; SPA claims ±0.0003°.
    const geo = geocentricSunPosition(Date.UTC(1992, 9, 13), 0);
    expect(Math.abs(geo.rightAscensionDeg - 198.378121)).toBeLessThan(0.0003);
    expect(Math.abs(geo.declinationDeg - -7.783817)).toBeLessThan(0.0003);
    expect(geo.earthSunDistanceAu).toBeCloseTo(0.99760775, 6);
  });

  it('puts the sun at right ascension 0° and 90° at the published 2021 equinox and solstice instants', () => {
    // USNO: March equinox 2021-03-20 09:37 UTC, June solstice 2021-06-21 03:32 UTC (to the minute: ±0.0007°).
    const equinox = geocentricSunPosition(Date.UTC(2021, 2, 20, 9, 37), 69);
    const solstice = geocentricSunPosition(Date.UTC(2021, 5, 21, 3, 32), 69);
    expect(Math.min(equinox.rightAscensionDeg, 360 - equinox.rightAscensionDeg)).toBeLessThan(0.002);
    expect(Math.abs(equinox.declinationDeg)).toBeLessThan(0.002);
    expect(Math.abs(solstice.rightAscensionDeg - 90)).toBeLessThan(0.002);
    // At the pole the elevation is the declination less the sun's parallax (8.794″ ≈ 0.0024°).
    const pole = sunPosition(Date.UTC(2021, 5, 21, 3, 32), { latitudeDeg: 90, longitudeDeg: 0, elevationM: 0 }, { deltaTSeconds: 69 });
    expect(90 - pole.zenithDeg).toBeCloseTo(solstice.declinationDeg - 0.0024, 3);
  });

  it('adds refraction only near or above the horizon, about 0.5° at the horizon and nothing at the zenith', () => {
    const atHorizon = sunPosition(Date.UTC(2021, 5, 21, 3, 55), { latitudeDeg: 48.85, longitudeDeg: 2.35, elevationM: 35 });
    expect(atHorizon.zenithDeg - atHorizon.apparentZenithDeg).toBeGreaterThan(0.3);
    expect(atHorizon.zenithDeg - atHorizon.apparentZenithDeg).toBeLessThan(0.7);
    const deepNight = sunPosition(Date.UTC(2021, 5, 21, 0, 0), { latitudeDeg: 48.85, longitudeDeg: 2.35, elevationM: 35 });
    expect(deepNight.apparentZenithDeg).toBe(deepNight.zenithDeg);
  });

  it('keeps angles in range and does not depend on which location was computed before (time-part cache)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (ts, latitudeDeg, longitudeDeg) => {
          const here = { latitudeDeg, longitudeDeg, elevationM: 100 };
          const first = sunPosition(ts, here);
          sunPosition(ts, { latitudeDeg: -latitudeDeg, longitudeDeg: 0, elevationM: 0 });
          sunPosition(ts + 1, here);
          expect(sunPosition(ts, here)).toEqual(first);
          expect(first.azimuthDeg).toBeGreaterThanOrEqual(0);
          expect(first.azimuthDeg).toBeLessThan(360);
          expect(first.zenithDeg).toBeGreaterThanOrEqual(0);
          expect(first.zenithDeg).toBeLessThanOrEqual(180);
          expect(first.apparentZenithDeg).toBeLessThanOrEqual(first.zenithDeg);
        },
      ),
    );
  });

  it('estimates ΔT near the measured ~69 s of the 2020s', () => {
    expect(deltaTSeconds(2003.8)).toBeGreaterThan(63);
    expect(deltaTSeconds(2003.8)).toBeLessThan(66);
    expect(deltaTSeconds(2024)).toBeGreaterThan(66);
    expect(deltaTSeconds(2024)).toBeLessThan(74);
  });
});
