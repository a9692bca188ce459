/**
 * A fast part of the validation (the full report is solar-validation.ts): our clear sky against the GHI measured
 * by SURFRAD in clear minutes (pvlib's default, and without/with the Perez enhancement by sun elevation), our sun
 * against PVGIS's, and the clear-period detector on a known cloud.
 */
import { detectClearSky } from './clear-detection';
import type { ErrorFigures } from './metrics';
import { pvgisSunHeight, surfradClearSky, surfradPerezSplit } from './validation.cases';

describe('solar model against reference data', () => {
  it('matches the GHI measured at SURFRAD Alamosa in clear minutes within 5 % (bias and RMSE)', () => {
    // pvlib's default (no Perez enhancement): −4.5 % bias, 4.7 % RMSE with the European Linke climatology (2.41).
    const result = surfradClearSky();
    expect(result.clearMinutes).toBeGreaterThan(200);
    expect(Math.abs(result.figures.nmbe)).toBeLessThan(0.05);
    expect(result.figures.nrmse).toBeLessThan(0.05);
  });

  it('scores the Perez enhancement on the same clear minutes by sun elevation: closer at this site, most under a low sun', () => {
    const { minutes, rows } = surfradPerezSplit();
    const at = (perezEnhancement: boolean, band: string): ErrorFigures => {
      const row = rows.find((candidate) => candidate.perezEnhancement === perezEnhancement && candidate.band === band);
      if (!row) throw new Error(`no SURFRAD row for ${band}, enhancement ${perezEnhancement}`);
      return row.figures;
    };
    expect(minutes).toBeGreaterThan(200);
    for (const band of ['10–20°', '≥ 20°']) {
      const off = at(false, band);
      const on = at(true, band);
      expect(off.n).toBeGreaterThan(50);
      expect(on.n).toBe(off.n);
      // Alamosa on 1 January (2,317 m, dry winter air, bare ground: albedo ≈ 0.18): the default is low, the enhancement closer.
      expect(on.rmse).toBeLessThan(off.rmse);
      expect(Math.abs(on.nmbe)).toBeLessThan(0.03);
    }
    // Without the enhancement the deficit grows with the air mass: the low band is further below than the high one.
    expect(at(false, '10–20°').nmbe).toBeLessThan(at(false, '≥ 20°').nmbe);
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
