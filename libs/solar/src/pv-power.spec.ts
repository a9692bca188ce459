import fc from 'fast-check';

import { pvPower, pvwattsAcW, sapmCellTempC } from './pv-power';
import type { PvArray } from './pv-power';
import { sunPosition } from './sun-position';

const LYON = { latitudeDeg: 45.76, longitudeDeg: 4.84, elevationM: 170 };
const SEGMENT: PvArray = { peakPowerW: 3000, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: 2500 };

const arrays = fc.record({
  peakPowerW: fc.double({ min: 100, max: 100_000, noNaN: true }),
  tiltDeg: fc.double({ min: 0, max: 60, noNaN: true }),
  azimuthDeg: fc.double({ min: 0, max: 359, noNaN: true }),
  inverterRatio: fc.double({ min: 0.5, max: 1.2, noNaN: true }),
  mounting: fc.constantFrom('insulated-back' as const, 'open-rack' as const),
});
const weathers = fc.record({
  dniWm2: fc.double({ min: 0, max: 1100, noNaN: true }),
  dhiWm2: fc.double({ min: 0, max: 500, noNaN: true }),
  airTempC: fc.double({ min: -20, max: 45, noNaN: true }),
  windSpeedMs: fc.double({ min: 0, max: 20, noNaN: true }),
});

describe('pvPower', () => {
  it('never goes negative, never exceeds the inverter limit, and is zero at night', () => {
    fc.assert(
      fc.property(arrays, weathers, fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (a, w, ts) => {
        const array: PvArray = { ...a, inverterLimitW: a.peakPowerW * a.inverterRatio };
        const sun = sunPosition(ts, LYON);
        const cosZ = Math.max(Math.cos((sun.apparentZenithDeg * Math.PI) / 180), 0);
        const irradiance = sun.apparentZenithDeg < 90 ? { ghiWm2: w.dniWm2 * cosZ + w.dhiWm2, dniWm2: w.dniWm2, dhiWm2: w.dhiWm2 } : { ghiWm2: 0, dniWm2: 0, dhiWm2: 0 };
        const power = pvPower(array, sun, { irradiance, airTempC: w.airTempC, windSpeedMs: w.windSpeedMs }, ts);
        expect(power.dcPowerW).toBeGreaterThanOrEqual(0);
        expect(power.acPowerW).toBeGreaterThanOrEqual(0);
        expect(power.acPowerW).toBeLessThanOrEqual(array.inverterLimitW + 1e-9);
        expect(power.acPowerW).toBeLessThanOrEqual(power.dcPowerW + 1e-9);
        if (sun.apparentZenithDeg >= 90) expect(power.acPowerW).toBe(0);
      }),
    );
  });

  it('gives nameplate × (1 − system loss) at STC: 1000 W/m² at normal incidence and a 25 °C cell', () => {
    // A plane facing the sun, with the air chosen so that the SAPM cell temperature is 25 °C.
    const ts = Date.UTC(2021, 5, 21, 11, 40);
    const sun = sunPosition(ts, LYON);
    const array: PvArray = { peakPowerW: 1000, tiltDeg: sun.apparentZenithDeg, azimuthDeg: sun.azimuthDeg, inverterLimitW: 2000, albedo: 0 };
    const airTempC = 25 - sapmCellTempC(1000, 0, 1, 'insulated-back');
    const power = pvPower(array, sun, { irradiance: { ghiWm2: 1000, dniWm2: 1000, dhiWm2: 0 }, airTempC, windSpeedMs: 1 }, ts);
    expect(power.poaWm2).toBeCloseTo(1000, 6);
    expect(power.cellTempC).toBeCloseTo(25, 6);
    expect(power.dcPowerW).toBeCloseTo(950, 6);
  });

  it('runs tiles without back ventilation hotter than an open rack (SAPM), and hot cells produce less', () => {
    expect(sapmCellTempC(800, 20, 1, 'insulated-back')).toBeGreaterThan(sapmCellTempC(800, 20, 1, 'open-rack'));
    // SAPM insulated back at 1000 W/m², 1 m/s: Tm = 1000·e^(−2.81−0.0455) + Ta ≈ Ta + 57.5 °C.
    expect(sapmCellTempC(1000, 0, 1, 'insulated-back')).toBeCloseTo(1000 * Math.exp(-2.81 - 0.0455), 9);
    const ts = Date.UTC(2021, 5, 21, 11, 40);
    const sun = sunPosition(ts, LYON);
    const irradiance = { ghiWm2: 900, dniWm2: 800, dhiWm2: 150 };
    const cool = pvPower(SEGMENT, sun, { irradiance, airTempC: 5, windSpeedMs: 2 }, ts);
    const hot = pvPower(SEGMENT, sun, { irradiance, airTempC: 35, windSpeedMs: 2 }, ts);
    expect(hot.cellTempC - cool.cellTempC).toBeCloseTo(30, 9);
    expect(hot.dcPowerW / cool.dcPowerW).toBeCloseTo((1 - 0.004 * (hot.cellTempC - 25)) / (1 - 0.004 * (cool.cellTempC - 25)), 9);
  });

  it('clips at the inverter rating and follows the PVWatts part-load efficiency below it', () => {
    expect(pvwattsAcW(5000, 2500)).toBe(2500);
    expect(pvwattsAcW(0, 2500)).toBe(0);
    const halfLoad = pvwattsAcW(1300, 2500) / 1300;
    expect(halfLoad).toBeGreaterThan(0.95);
    expect(halfLoad).toBeLessThan(0.97);
  });
});
