/**
 * Our Ineichen–Perez against pvlib's `clearsky.ineichen` (pvlib-python 6382338a, v0.15.3-alpha), chained as
 * pvlib's `Location.get_clearsky` does: apparent zenith → Kasten–Young 1989 relative air mass × p / 1013.25 with
 * p = alt2pres(altitude) → ineichen(…, dni_extra = 1366.1, perez_enhancement = False | True).
 *
 * The expected values were computed by hand (numpy, outside this repository) from pvlib's published formula:
 *   fh1 = e^(−h/8000), fh2 = e^(−h/1250), cg1 = 5.09e−5 h + 0.868, cg2 = 3.92e−5 h + 0.0387
 *   GHI = cg1 · I0 · cos z · e^(−cg2 · AM · (fh1 + fh2 (TL − 1))) [· e^(0.01 AM^1.8) with the enhancement]
 *   DNI = min(I0 · (0.664 + 0.163 / fh1) · e^(−0.09 AM (TL − 1)), GHI · (1 − (0.1 − 0.2 e^(−TL)) / (0.1 + 0.882 / fh1)) / cos z)
 *   DHI = GHI − DNI cos z
 * The same hand computation reproduces pvlib's own expected values in its tests/test_clearsky.py
 * (test_ineichen_series, test_ineichen_series_perez_enhancement, test_ineichen_scalar_input,
 * test_ineichen_altitude) to 6e−7 W/m², so it reads the formula as pvlib runs it.
 * Two sites: sea level with TL 3 (p 1013.25 hPa), and 2000 m with TL 2 (p 794.9554 hPa), where the DNI takes its
 * second branch at low sun and so moves with the enhancement too.
 */
import { clearSky, extraterrestrialWm2, ineichenPerez } from './clear-sky';
import type { Irradiance } from './clear-sky';
import { linkeTurbidityAt } from './linke.table';
import { sunPosition } from './sun-position';

interface Reference {
  elevationM: number;
  linke: number;
  sunElevationDeg: number;
  /** Absolute air mass of the hand computation, for anyone redoing it. */
  airMass: number;
  off: [ghi: number, dni: number, dhi: number];
  on: [ghi: number, dni: number, dhi: number];
}

const PVLIB: readonly Reference[] = [
  { elevationM: 0, linke: 3, sunElevationDeg: 5, airMass: 10.305791201, off: [31.236607, 176.747515, 15.832046], on: [60.806787, 176.747515, 45.402226] },
  { elevationM: 0, linke: 3, sunElevationDeg: 10, airMass: 5.586035811, off: [107.650399, 413.343189, 35.874107], on: [134.301829, 413.343189, 62.525538] },
  { elevationM: 0, linke: 3, sunElevationDeg: 20, airMass: 2.903146613, off: [289.516043, 669.946775, 60.380751], on: [309.919747, 669.946775, 80.784455] },
  { elevationM: 0, linke: 3, sunElevationDeg: 40, airMass: 1.553406644, off: [636.42097, 854.188132, 87.359423], on: [650.639827, 854.188132, 101.57828] },
  { elevationM: 0, linke: 3, sunElevationDeg: 60, airMass: 1.153992219, off: [898.145558, 917.861089, 103.254538], on: [909.843919, 917.861089, 114.952899] },
  { elevationM: 0, linke: 3, sunElevationDeg: 90, airMass: 0.99971198, off: [1055.8328, 943.707724, 112.125077], on: [1066.438568, 943.707724, 122.730844] },
  { elevationM: 2000, linke: 2, sunElevationDeg: 5, airMass: 8.085511692, off: [45.624911, 492.510154, 2.699822], on: [70.165385, 576.248295, 19.942037] },
  { elevationM: 2000, linke: 2, sunElevationDeg: 10, airMass: 4.382580336, off: [139.077569, 753.522165, 8.229818], on: [160.446197, 804.16338, 20.804692] },
  { elevationM: 2000, linke: 2, sunElevationDeg: 20, airMass: 2.277692748, off: [348.833502, 959.56782, 20.641979], on: [364.526279, 971.889719, 32.120418] },
  { elevationM: 2000, linke: 2, sunElevationDeg: 40, airMass: 1.218740739, off: [740.369321, 1069.073881, 53.181876], on: [751.015475, 1069.073881, 63.82803] },
  { elevationM: 2000, linke: 2, sunElevationDeg: 60, airMass: 0.905376152, off: [1034.047208, 1099.653967, 81.718937], on: [1042.729804, 1099.653967, 90.401533] },
  { elevationM: 2000, linke: 2, sunElevationDeg: 90, airMass: 0.784334045, off: [1210.728083, 1111.698854, 99.029229], on: [1218.572337, 1111.698854, 106.873483] },
];

const CASES = PVLIB.map((reference) => ({ ...reference, site: `${reference.elevationM} m, TL ${reference.linke}` }));

/** pvlib's values are printed to 1e−6 W/m²; 1e−4 leaves room for float order, not for a formula difference. */
function expectIrradiance(actual: Irradiance, [ghi, dni, dhi]: readonly number[]): void {
  expect(actual.ghiWm2).toBeCloseTo(ghi, 4);
  expect(actual.dniWm2).toBeCloseTo(dni, 4);
  expect(actual.dhiWm2).toBeCloseTo(dhi, 4);
}

describe("Ineichen–Perez against pvlib's ineichen", () => {
  it.each(CASES)('$site, sun at $sunElevationDeg°: pvlib without the enhancement by default', ({ elevationM, linke, sunElevationDeg, off }) => {
    expectIrradiance(ineichenPerez(90 - sunElevationDeg, elevationM, linke, 1366.1), off);
    expectIrradiance(ineichenPerez(90 - sunElevationDeg, elevationM, linke, 1366.1, { perezEnhancement: false }), off);
  });

  it.each(CASES)('$site, sun at $sunElevationDeg°: pvlib with perez_enhancement=True on request', ({ elevationM, linke, sunElevationDeg, on }) => {
    expectIrradiance(ineichenPerez(90 - sunElevationDeg, elevationM, linke, 1366.1, { perezEnhancement: true }), on);
  });

  it('raises GHI by exactly e^(0.01·AM^1.8) with the enhancement: ≈ 25 % at 10° of sun, 1 % at the zenith (sea level)', () => {
    for (const { elevationM, linke, sunElevationDeg, airMass } of PVLIB) {
      const ratio = ineichenPerez(90 - sunElevationDeg, elevationM, linke, 1366.1, { perezEnhancement: true }).ghiWm2 / ineichenPerez(90 - sunElevationDeg, elevationM, linke, 1366.1).ghiWm2;
      expect(ratio).toBeCloseTo(Math.exp(0.01 * airMass ** 1.8), 6);
    }
  });

  it('passes the option through clearSky and leaves it off by default; Haurwitz ignores it', () => {
    const paris = { latitudeDeg: 48.85, longitudeDeg: 2.35, elevationM: 35 };
    const ts = Date.UTC(2026, 0, 15, 12); // a winter noon: sun ≈ 20° high
    const sun = sunPosition(ts, paris);
    const args = [sun.apparentZenithDeg, paris.elevationM, linkeTurbidityAt(ts, paris.latitudeDeg), extraterrestrialWm2(ts)] as const;
    expect(clearSky(ts, paris, sun)).toEqual(ineichenPerez(...args));
    expect(clearSky(ts, paris, sun, { perezEnhancement: true })).toEqual(ineichenPerez(...args, { perezEnhancement: true }));
    expect(clearSky(ts, paris, sun, { perezEnhancement: true }).ghiWm2 / clearSky(ts, paris, sun).ghiWm2).toBeGreaterThan(1.05);
    expect(clearSky(ts, paris, sun, { model: 'haurwitz', perezEnhancement: true })).toEqual(clearSky(ts, paris, sun, { model: 'haurwitz' }));
  });
});
