import fc from 'fast-check';

import { cosAngleOfIncidence, martinRuizDiffuseIam, martinRuizIam, planeOfArrayInto } from './transposition';
import type { PlaneOfArray } from './transposition';

const out = (): PlaneOfArray => ({ poaWm2: 0, beamWm2: 0, skyDiffuseWm2: 0, groundDiffuseWm2: 0, cosAoi: 0 });
const sky = fc.record({ zenith: fc.double({ min: 0, max: 89, noNaN: true }), azimuth: fc.double({ min: 0, max: 359, noNaN: true }), dni: fc.double({ min: 0, max: 1000, noNaN: true }), dhi: fc.double({ min: 0, max: 500, noNaN: true }) });

describe('plane of array', () => {
  it('equals GHI on a flat plane (tilt 0), isotropic or Hay–Davies', () => {
    fc.assert(
      fc.property(sky, ({ zenith, azimuth, dni, dhi }) => {
        const ghi = dni * Math.cos((zenith * Math.PI) / 180) + dhi;
        const irradiance = { ghiWm2: ghi, dniWm2: dni, dhiWm2: dhi };
        expect(planeOfArrayInto(out(), 0, 180, zenith, azimuth, irradiance, 1361, 'isotropic').poaWm2).toBeCloseTo(ghi, 6);
        expect(planeOfArrayInto(out(), 0, 180, zenith, azimuth, irradiance, 1361, 'hay-davies').poaWm2).toBeCloseTo(ghi, 6);
      }),
    );
  });

  it('gets the full DNI on a plane facing the sun, and the sky diffuse of half a sky on a vertical wall', () => {
    const facing = planeOfArrayInto(out(), 40, 180, 40, 180, { ghiWm2: 0, dniWm2: 800, dhiWm2: 0 }, 1361, 'isotropic');
    expect(facing.beamWm2).toBeCloseTo(800, 6);
    expect(cosAngleOfIncidence(40, 180, 40, 180)).toBeCloseTo(1, 9);
    const wall = planeOfArrayInto(out(), 90, 0, 30, 180, { ghiWm2: 100, dniWm2: 0, dhiWm2: 100 }, 1361, 'isotropic', 0.2);
    expect(wall.beamWm2).toBe(0);
    expect(wall.skyDiffuseWm2).toBeCloseTo(50, 6);
    expect(wall.groundDiffuseWm2).toBeCloseTo(10, 6);
  });

  it('weighs circumsolar diffuse toward the sun with Hay–Davies', () => {
    const irradiance = { ghiWm2: 700, dniWm2: 700, dhiWm2: 150 };
    const toward = planeOfArrayInto(out(), 30, 180, 50, 180, irradiance, 1361, 'hay-davies').skyDiffuseWm2;
    const isotropic = planeOfArrayInto(out(), 30, 180, 50, 180, irradiance, 1361, 'isotropic').skyDiffuseWm2;
    const away = planeOfArrayInto(out(), 30, 0, 50, 180, irradiance, 1361, 'hay-davies').skyDiffuseWm2;
    expect(toward).toBeGreaterThan(isotropic);
    expect(away).toBeLessThan(isotropic);
  });
});

describe('incidence-angle modifier (Martin & Ruiz)', () => {
  it('is 1 at normal incidence, 0 at grazing, and grows with cos(incidence) in between', () => {
    expect(martinRuizIam(1)).toBeCloseTo(1, 12);
    expect(martinRuizIam(0)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), (c) => {
        expect(martinRuizIam(c)).toBeLessThan(martinRuizIam(c + 0.01));
      }),
    );
    // At 60° incidence a typical front (a_r = 0.16) keeps (1 − e^(−0.5/0.16)) / (1 − e^(−1/0.16)) ≈ 95.8 %.
    expect(martinRuizIam(0.5)).toBeCloseTo(0.9577, 3);
  });

  it('loses a few percent of isotropic sky diffuse on a flat plane', () => {
    const flat = martinRuizDiffuseIam(0);
    expect(flat.sky).toBeGreaterThan(0.9);
    expect(flat.sky).toBeLessThan(0.98);
  });
});
