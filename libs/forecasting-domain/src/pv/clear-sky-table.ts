/**
 * Clear-sky AC power per watt of peak power, and the sun's elevation, for each distinct PV site
 * (location rounded, tilt, azimuth) and each interval of a time grid. The trigonometry (SPA, Ineichen,
 * transposition, PVWatts) runs once per site × sub-instant; a segment then costs one multiply per step.
 */
import { clearSky, pvPowerInto, sunPosition } from '@trottoir/solar';
import type { GeoLocation, PvArray, PvPower, Weather } from '@trottoir/solar';

/** One distinct PV geometry: every segment at (about) this place with this tilt and azimuth shares it. */
export interface PvSite {
  readonly latitudeDeg: number;
  readonly longitudeDeg: number;
  readonly elevationM: number;
  readonly tiltDeg: number;
  readonly azimuthDeg: number;
}

export interface ClearSkyTable {
  readonly sites: readonly PvSite[];
  /** Start of the first interval, epoch ms UTC. */
  readonly startTs: number;
  readonly stepMs: number;
  readonly steps: number;
  /** Interval-mean clear-sky AC power per W of peak power (W/Wp), site-major: `[site * steps + step]`. */
  readonly acWPerWp: Float64Array;
  /** Interval-mean apparent sun elevation, degrees (negative at night), same layout. */
  readonly elevationDeg: Float64Array;
  /** Interval-mean clear-sky GHI, W/m² (to turn a forecast GHI into a clear-sky index), same layout. */
  readonly ghiWm2: Float64Array;
}

export interface ClearSkyTableOptions {
  /** Sub-instants averaged per interval (default 3: at 1/6, 3/6 and 5/6 of it). */
  subSamples?: number;
  /** Air temperature assumed for the cell temperature, °C (default 15; a forecast's temperature corrects it). */
  airTempC?: number;
  /** Wind at 10 m, m/s (default 2). */
  windSpeedMs?: number;
  /** Perez enhancement of the Ineichen clear sky, as in `@trottoir/solar` (default false, pvlib's default). */
  perezEnhancement?: boolean;
}

/** Rounding of a site's coordinates (degrees) when grouping segments into sites: 0.01° ≈ 1 km. */
export const SITE_ROUNDING_DEG = 0.01;

/** The key under which segments share a site: location rounded to `roundingDeg`, tilt and azimuth to 1°. */
export function siteKeyOf(site: PvSite, roundingDeg = SITE_ROUNDING_DEG): string {
  const r = (value: number, step: number): number => Math.round(value / step);
  return `${r(site.latitudeDeg, roundingDeg)}:${r(site.longitudeDeg, roundingDeg)}:${r(site.tiltDeg, 1)}:${r(((site.azimuthDeg % 360) + 360) % 360, 1)}`;
}

/** Groups geometries into distinct sites: returns the sites and, for each input, the index of its site. */
export function distinctSites(geometries: readonly PvSite[], roundingDeg = SITE_ROUNDING_DEG): { sites: PvSite[]; siteOf: Int32Array } {
  const byKey = new Map<string, number>();
  const sites: PvSite[] = [];
  const siteOf = new Int32Array(geometries.length);
  geometries.forEach((geometry, i) => {
    const key = siteKeyOf(geometry, roundingDeg);
    let index = byKey.get(key);
    if (index === undefined) {
      index = sites.length;
      byKey.set(key, index);
      sites.push(geometry);
    }
    siteOf[i] = index;
  });
  return { sites, siteOf };
}

/** Builds the table over `steps` intervals of `stepMs` from `startTs`. Cost: sites × steps × subSamples. */
export function buildClearSkyTable(sites: readonly PvSite[], startTs: number, stepMs: number, steps: number, options: ClearSkyTableOptions = {}): ClearSkyTable {
  const subSamples = Math.max(1, Math.floor(options.subSamples ?? 3));
  const n = sites.length * steps;
  const acWPerWp = new Float64Array(n);
  const elevationDeg = new Float64Array(n);
  const ghiWm2 = new Float64Array(n);
  // A 1 kWp array with its inverter rated at its peak power: the part-load curve of a typical segment.
  const arrays: PvArray[] = sites.map((site) => ({
    peakPowerW: 1000,
    inverterLimitW: 1000,
    tiltDeg: site.tiltDeg,
    azimuthDeg: site.azimuthDeg,
    mounting: site.tiltDeg > 0 ? 'open-rack' : 'insulated-back',
  }));
  const locations: GeoLocation[] = sites.map((site) => ({ latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg, elevationM: site.elevationM }));
  const weather: Weather = { irradiance: { ghiWm2: 0, dniWm2: 0, dhiWm2: 0 }, airTempC: options.airTempC ?? 15, windSpeedMs: options.windSpeedMs ?? 2 };
  const power: PvPower = { poaWm2: 0, cellTempC: 0, dcPowerW: 0, acPowerW: 0 };
  const share = 1 / subSamples;
  const skyOptions = { perezEnhancement: options.perezEnhancement ?? false };
  for (let step = 0; step < steps; step++) {
    for (let k = 0; k < subSamples; k++) {
      // Time-outer, site-inner: sunPosition caches the location-independent half of SPA for the last ts.
      const ts = startTs + step * stepMs + ((k + 0.5) / subSamples) * stepMs;
      for (let s = 0; s < sites.length; s++) {
        const sun = sunPosition(ts, locations[s]);
        const cell = s * steps + step;
        elevationDeg[cell] += sun.apparentElevationDeg * share;
        if (sun.apparentZenithDeg >= 90) continue;
        weather.irradiance = clearSky(ts, locations[s], sun, skyOptions);
        pvPowerInto(power, arrays[s], sun, weather, ts);
        acWPerWp[cell] += (power.acPowerW / 1000) * share;
        ghiWm2[cell] += weather.irradiance.ghiWm2 * share;
      }
    }
  }
  return { sites, startTs, stepMs, steps, acWPerWp, elevationDeg, ghiWm2 };
}

/**
 * The table over `steps` intervals from `startTs`, taking every interval `previous` already holds (same
 * sites, same step, aligned) and computing only the others. A cell depends only on its site and its
 * interval, so the result is the same, bit for bit, as building it whole; a service forecasting every
 * 15 minutes then computes one new interval a cycle instead of 192.
 */
export function extendClearSkyTable(previous: ClearSkyTable | undefined, sites: readonly PvSite[], startTs: number, stepMs: number, steps: number, options: ClearSkyTableOptions = {}): ClearSkyTable {
  const shift = previous ? (startTs - previous.startTs) / stepMs : Number.NaN;
  if (!previous || previous.sites !== sites || previous.stepMs !== stepMs || !Number.isInteger(shift) || shift < 0 || shift >= previous.steps) {
    return buildClearSkyTable(sites, startTs, stepMs, steps, options);
  }
  if (shift === 0 && previous.steps >= steps && steps === previous.steps) return previous;
  const kept = Math.min(previous.steps - shift, steps);
  const fresh = steps > kept ? buildClearSkyTable(sites, startTs + kept * stepMs, stepMs, steps - kept, options) : undefined;
  const n = sites.length * steps;
  const table: ClearSkyTable = { sites, startTs, stepMs, steps, acWPerWp: new Float64Array(n), elevationDeg: new Float64Array(n), ghiWm2: new Float64Array(n) };
  for (const key of ['acWPerWp', 'elevationDeg', 'ghiWm2'] as const) {
    for (let site = 0; site < sites.length; site++) {
      table[key].set(previous[key].subarray(site * previous.steps + shift, site * previous.steps + shift + kept), site * steps);
      if (fresh) table[key].set(fresh[key].subarray(site * fresh.steps, (site + 1) * fresh.steps), site * steps + kept);
    }
  }
  return table;
}

/** Index of interval `ts` (its start) in the table, or −1 when outside it. */
export function tableStepOf(table: ClearSkyTable, ts: number): number {
  const step = Math.round((ts - table.startTs) / table.stepMs);
  return step >= 0 && step < table.steps ? step : -1;
}
