/**
 * A fast part of the validation (the full report is solar-validation.ts): our clear sky against the GHI measured
 * by SURFRAD in clear minutes, our sun against PVGIS's, and the clear-period detector on a known cloud.
 */
import { detectClearSky } from './clear-detection';
import { pvgisSunHeight, surfradClearSky } from './validation.cases';

describe('solar model against reference data', () => {
  it('matches the GHI measured at SURFRAD Alamosa in clear minutes within 5 % (bias and RMSE)', () => {
    const result = surfradClearSky();
    expect(result.clearMinutes).toBeGreaterThan(200);
    expect(Math.abs(result.figures.nmbe)).toBeLessThan(0.05);
    expect(result.figures.nrmse).toBeLessThan(0.05);
  });

  it('puts the sun where PVGIS does, within its 0.01° printing and a few hundredths of algorithm difference', () => {
    const result = pvgisSunHeight();
    expect(result.figures.n).toBeGreaterThanOrEqual(5);
    expect(result.figures.rmse).toBeLessThan(0.05);
  });

  it('flags a passing cloud as not clear and the smooth rest of the curve as clear', () => {
    const clear = Array.from({ length: 120 }, (_, i) => 600 + 2 * i);
    const measured = clear.map((v, i) => (i >= 50 && i < 60 ? v * 0.4 : v));
    const { clear: flags } = detectClearSky(measured, clear);
    expect(flags.slice(50, 60).every((f) => !f)).toBe(true);
    expect(flags.slice(0, 40).every((f) => f)).toBe(true);
    expect(flags.slice(70, 120).every((f) => f)).toBe(true);
  });
});
