import fc from 'fast-check';

import { clearSky, extraterrestrialWm2, haurwitzGhiWm2, ineichenPerez, relativeAirMass } from './clear-sky';
import { linkeTurbidityAt } from './linke.table';
import { sunPosition } from './sun-position';

const PARIS = { latitudeDeg: 48.85, longitudeDeg: 2.35, elevationM: 35 };

describe('clear sky', () => {
  it('varies extraterrestrial irradiance ±3.3 % between perihelion (early January) and aphelion (early July)', () => {
    expect(extraterrestrialWm2(Date.UTC(2021, 0, 3)) / 1366.1).toBeCloseTo(1.0342, 2);
    expect(extraterrestrialWm2(Date.UTC(2021, 6, 4)) / 1366.1).toBeCloseTo(0.9671, 2);
  });

  it('computes Kasten–Young air mass: ≈ 1 at the zenith, ≈ 1/cos z to 0.5 % up to 60°, ≈ 38 at the horizon', () => {
    expect(relativeAirMass(0)).toBeCloseTo(1, 3);
    expect(relativeAirMass(60) * 0.5).toBeCloseTo(1, 2);
    expect(relativeAirMass(90)).toBeNaN();
    expect(relativeAirMass(89.99)).toBeGreaterThan(35);
  });

  it('follows Haurwitz: 1098·cos z·exp(−0.059/cos z)', () => {
    expect(haurwitzGhiWm2(0)).toBeCloseTo(1098 * Math.exp(-0.059), 6);
    expect(haurwitzGhiWm2(95)).toBe(0);
  });

  it('gives Ineichen–Perez values of the right size: ~1000 W/m² GHI, ~900 W/m² DNI for a high sun in clean air', () => {
    const sky = ineichenPerez(20, 0, 3, 1366.1);
    expect(sky.ghiWm2).toBeGreaterThan(900);
    expect(sky.ghiWm2).toBeLessThan(1050);
    expect(sky.dniWm2).toBeGreaterThan(800);
    expect(sky.dniWm2).toBeLessThan(950);
    expect(sky.dhiWm2).toBeGreaterThan(50);
    expect(sky.dhiWm2).toBeLessThan(150);
  });

  it('closes GHI = DNI·cos z + DHI, is zero at night and dims as the turbidity rises', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 89.5, noNaN: true }), fc.double({ min: 1.5, max: 6, noNaN: true }), fc.integer({ min: 0, max: 3000 }), (zenith, linke, elevationM) => {
        const sky = ineichenPerez(zenith, elevationM, linke, 1366.1);
        expect(sky.ghiWm2).toBeGreaterThanOrEqual(0);
        expect(sky.dniWm2).toBeGreaterThanOrEqual(0);
        expect(sky.dniWm2 * Math.cos((zenith * Math.PI) / 180) + sky.dhiWm2).toBeCloseTo(sky.ghiWm2, 6);
        expect(ineichenPerez(zenith, elevationM, linke + 0.5, 1366.1).dniWm2).toBeLessThanOrEqual(sky.dniWm2);
      }),
    );
    const night = sunPosition(Date.UTC(2021, 5, 21, 0, 0), PARIS);
    expect(clearSky(Date.UTC(2021, 5, 21, 0, 0), PARIS, night)).toEqual({ ghiWm2: 0, dniWm2: 0, dhiWm2: 0 });
  });

  it('uses the monthly climatology unless a turbidity is given, and Haurwitz on request', () => {
    const ts = Date.UTC(2021, 6, 1, 12);
    const sun = sunPosition(ts, PARIS);
    expect(clearSky(ts, PARIS, sun)).toEqual(clearSky(ts, PARIS, sun, { linkeTurbidity: linkeTurbidityAt(ts, PARIS.latitudeDeg) }));
    expect(clearSky(ts, PARIS, sun, { linkeTurbidity: 2 }).ghiWm2).toBeGreaterThan(clearSky(ts, PARIS, sun, { linkeTurbidity: 5 }).ghiWm2);
    expect(clearSky(ts, PARIS, sun, { model: 'haurwitz' }).ghiWm2).toBeCloseTo(haurwitzGhiWm2(sun.apparentZenithDeg), 6);
  });

  it('shifts the table six months south of the equator and is constant in the tropics', () => {
    expect(linkeTurbidityAt(Date.UTC(2021, 0, 15), -40)).toBe(linkeTurbidityAt(Date.UTC(2021, 6, 15), 40));
    expect(linkeTurbidityAt(Date.UTC(2021, 0, 15), 10)).toBe(linkeTurbidityAt(Date.UTC(2021, 6, 15), -10));
  });
});
