// Clear-sky irradiance: Ineichen & Perez (2002) as pvlib's `ineichen` (Perez enhancement off unless asked for, as
// there), and Haurwitz (1945) as the fallback that needs nothing but the zenith. Also extraterrestrial irradiance and
// Kasten–Young air mass.
import { linkeTurbidityAt } from './linke.table';
import { pressureFromElevationHpa } from './sun-position';
import type { GeoLocation, SunPosition } from './sun-position';

export interface Irradiance {
  /** Global horizontal, W/m². */
  ghiWm2: number;
  /** Direct normal, W/m². */
  dniWm2: number;
  /** Diffuse horizontal, W/m². */
  dhiWm2: number;
}

export interface IneichenOptions {
  /**
   * pvlib's `perez_enhancement`, off by default as in pvlib: multiplies GHI by exp(0.01·AM^1.8), the form of
   * Perez et al. (2002) instead of Ineichen & Perez (2002). pvlib warns that it gives spurious values near the
   * horizon: at 10° of sun elevation it adds ≈ 25 % to GHI at sea level.
   */
  perezEnhancement?: boolean;
}

export interface ClearSkyOptions extends IneichenOptions {
  /** Overrides the monthly climatology (Linke turbidity at air mass 2). */
  linkeTurbidity?: number;
  /** 'ineichen' (default) or 'haurwitz' (GHI only, split into DNI/DHI with a fixed diffuse fraction; ignores perezEnhancement). */
  model?: 'ineichen' | 'haurwitz';
}

const DEG = Math.PI / 180;
/** Solar constant used by Ineichen–Perez in pvlib, W/m². */
export const SOLAR_CONSTANT_WM2 = 1366.1;
const NIGHT: Irradiance = Object.freeze({ ghiWm2: 0, dniWm2: 0, dhiWm2: 0 });

/** Day of year (1–366, fractional) of an epoch-ms UTC timestamp. */
export function dayOfYear(ts: number): number {
  const date = new Date(ts);
  return (ts - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000 + 1;
}

let lastExtraterrestrial = { ts: Number.NaN, valueWm2: 0 };

/** Extraterrestrial normal irradiance (Spencer 1971 Earth–sun distance), W/m²; the last `ts` is cached. */
export function extraterrestrialWm2(ts: number): number {
  if (ts === lastExtraterrestrial.ts) return lastExtraterrestrial.valueWm2;
  const b = (2 * Math.PI * (dayOfYear(ts) - 1)) / 365;
  const valueWm2 =
    SOLAR_CONSTANT_WM2 *
    (1.00011 + 0.034221 * Math.cos(b) + 0.00128 * Math.sin(b) + 0.000719 * Math.cos(2 * b) + 0.000077 * Math.sin(2 * b));
  lastExtraterrestrial = { ts, valueWm2 };
  return valueWm2;
}

/** Relative optical air mass (Kasten & Young 1989) from the apparent zenith; NaN when the sun is down. */
export function relativeAirMass(apparentZenithDeg: number): number {
  if (apparentZenithDeg >= 90) return Number.NaN;
  return 1 / (Math.cos(apparentZenithDeg * DEG) + 0.50572 * (96.07995 - apparentZenithDeg) ** -1.6364);
}

/** Air mass corrected to the site pressure (relative × p / 1013.25 hPa). */
export function absoluteAirMass(relative: number, pressureHpa: number): number {
  return (relative * pressureHpa) / 1013.25;
}

/** Haurwitz clear-sky GHI, W/m² (no inputs but the zenith; Reno et al. 2012 rank it well for its simplicity). */
export function haurwitzGhiWm2(apparentZenithDeg: number): number {
  const cosZ = Math.cos(apparentZenithDeg * DEG);
  return cosZ > 0 ? 1098 * cosZ * Math.exp(-0.059 / cosZ) : 0;
}

/** Ineichen–Perez clear sky for a site elevation and Linke turbidity (AM2), as pvlib's `ineichen` with the same options. */
export function ineichenPerez(apparentZenithDeg: number, elevationM: number, linkeTurbidity: number, dniExtraWm2: number, options: IneichenOptions = {}): Irradiance {
  const cosZ = Math.cos(apparentZenithDeg * DEG);
  if (apparentZenithDeg >= 90 || cosZ <= 0) return NIGHT;
  const pressureHpa = pressureFromElevationHpa(elevationM);
  const airMass = absoluteAirMass(relativeAirMass(apparentZenithDeg), pressureHpa);
  const fh1 = Math.exp(-elevationM / 8000);
  const fh2 = Math.exp(-elevationM / 1250);
  const cg1 = 5.09e-5 * elevationM + 0.868;
  const cg2 = 3.92e-5 * elevationM + 0.0387;
  const enhancement = options.perezEnhancement === true ? Math.exp(0.01 * airMass ** 1.8) : 1;
  const ghiFactor = Math.exp(-cg2 * airMass * (fh1 + fh2 * (linkeTurbidity - 1))) * enhancement;
  const ghiWm2 = cg1 * dniExtraWm2 * cosZ * Math.max(ghiFactor, 0);
  const b = 0.664 + 0.163 / fh1;
  const beamFromTurbidity = dniExtraWm2 * Math.max(b * Math.exp(-0.09 * airMass * (linkeTurbidity - 1)), 0);
  const beamFromGhi = ghiWm2 * Math.min(Math.max((1 - (0.1 - 0.2 * Math.exp(-linkeTurbidity)) / (0.1 + 0.882 / fh1)) / cosZ, 0), 1e20);
  const dniWm2 = Math.min(beamFromTurbidity, beamFromGhi);
  return { ghiWm2, dniWm2, dhiWm2: ghiWm2 - dniWm2 * cosZ };
}

/** Clear-sky irradiance at `ts` for a location whose sun position was computed once (reuse it for many arrays). */
export function clearSky(ts: number, location: GeoLocation, sun: SunPosition, options: ClearSkyOptions = {}): Irradiance {
  if (sun.apparentZenithDeg >= 90) return NIGHT;
  if (options.model === 'haurwitz') {
    // Haurwitz gives only GHI: split it with a typical clear-sky diffuse fraction of 15 %.
    const ghiWm2 = haurwitzGhiWm2(sun.apparentZenithDeg);
    const dhiWm2 = 0.15 * ghiWm2;
    return { ghiWm2, dniWm2: (ghiWm2 - dhiWm2) / Math.cos(sun.apparentZenithDeg * DEG), dhiWm2 };
  }
  const linke = options.linkeTurbidity ?? linkeTurbidityAt(ts, location.latitudeDeg);
  return ineichenPerez(sun.apparentZenithDeg, location.elevationM, linke, extraterrestrialWm2(ts), { perezEnhancement: options.perezEnhancement });
}
