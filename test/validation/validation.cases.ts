// The validations of the solar model against the reference data (each folder's SOURCES.md says what it is).
// Each case returns its error figures; solar-validation.ts prints them and the unit spec runs a part of them.
import { clearSky, pvPower, pvwattsDcW, sapmCellTempC, sunPosition, TILE_PEAK_POWER_W_PER_M2 } from '@trottoir/solar';

import { detectClearSky } from './clear-detection';
import { readPvgisPoa, readPvgisPower, readRsf, readSurfrad, readTmy, SURFRAD_LOCATION, TMY_LOCATION } from './datasets';
import { errorFigures } from './metrics';
import type { ErrorFigures } from './metrics';

export interface ValidationResult {
  name: string;
  unit: string;
  figures: ErrorFigures;
  note: string;
}

/**
 * PVGIS's own power P for its declared system (10 kWp CIS, two-axis tracking, 5 % system loss) from its own
 * inputs G(i), T2m, WS10m. Two-axis tracking: G(i) arrives at normal incidence (no IAM); free-standing → SAPM
 * open rack; CIS temperature coefficient −0.0036/°C (a typical datasheet figure: PVGIS does not print its own).
 */
export function pvgisPower(): ValidationResult {
  const { hours } = readPvgisPower();
  const model: number[] = [];
  const reference: number[] = [];
  for (const hour of hours) {
    if (hour.poaWm2 <= 0) continue;
    const cellTempC = sapmCellTempC(hour.poaWm2, hour.airTempC, hour.windSpeedMs, 'open-rack');
    model.push(pvwattsDcW(hour.poaWm2, cellTempC, 10_000, -0.0036) * (1 - 0.05));
    reference.push(hour.powerW);
  }
  return { name: 'PVGIS P, 10 kWp CIS 2-axis, 45N 8E, daylight hours', unit: 'W', figures: errorFigures(model, reference), note: 'only 2 daylight hours in the stored excerpt' };
}

/** Sun height of PVGIS (both PVGIS files) against our apparent elevation, when PVGIS reports the sun up. */
export function pvgisSunHeight(): ValidationResult {
  const rows = [...readPvgisPower().hours.map((h) => ({ ts: h.ts, h: h.sunHeightDeg })), ...readPvgisPoa().map((h) => ({ ts: h.ts, h: h.sunHeightDeg }))];
  const model: number[] = [];
  const reference: number[] = [];
  for (const row of rows) {
    if (row.h <= 0) continue;
    model.push(sunPosition(row.ts, TMY_LOCATION).apparentElevationDeg);
    reference.push(row.h);
  }
  return { name: 'PVGIS H_sun vs SPA apparent elevation', unit: '°', figures: errorFigures(model, reference), note: 'PVGIS prints 2 decimals' };
}

/** Array of inverter 2 at NREL RSF II, W DC at STC (pvanalytics' example). */
const RSF_ARRAY_W = 204_120;
/** The SOURCES.md note: the inverter was offline on the last day. */
const RSF_OFFLINE_DAY = '1/6/2022';

/** Days of the RSF II file after the outage day was removed; 2–3 January look snow-covered (see README). */
export const RSF_ALL_DAYS = ['1/2/2022', '1/3/2022', '1/4/2022', '1/5/2022'];
export const RSF_CLEAN_DAYS = ['1/4/2022', '1/5/2022'];

/**
 * NREL RSF II measured DC power from its measured POA and back-of-module temperature: cell = module + POA/1000 × 3 °C
 * (SAPM open rack), PVWatts DC with −0.0037/°C (c-Si typical; not published for this array) and 5 % system loss.
 */
export function rsfDcPower(days: readonly string[] = RSF_ALL_DAYS): ValidationResult {
  const model: number[] = [];
  const reference: number[] = [];
  for (const row of readRsf()) {
    const day = row.label.split(' ')[0];
    if (day === RSF_OFFLINE_DAY || !days.includes(day) || row.poaWm2 < 50) continue;
    const cellTempC = row.moduleTempC + (row.poaWm2 / 1000) * 3;
    model.push(pvwattsDcW(row.poaWm2, cellTempC, RSF_ARRAY_W, -0.0037) * (1 - 0.05));
    reference.push(row.dcPowerW);
  }
  return { name: `NREL RSF II measured DC, ${days.length} days, POA >= 50 W/m2`, unit: 'W', figures: errorFigures(model, reference), note: `15-min; ${days.join(', ')}` };
}

export interface SurfradOptions {
  /** Overrides the Linke climatology (for Alamosa the European table gives 2.41 in January). */
  linkeTurbidity?: number;
  /** Clear minutes with the sun higher than 90° − this are kept (default 80°). */
  maxZenithDeg?: number;
  /** pvlib's perez_enhancement (default false, as in pvlib and in @trottoir/solar). */
  perezEnhancement?: boolean;
}

interface SurfradRun {
  measuredWm2: number[];
  modelWm2: number[];
  elevationDeg: number[];
  /** Clear by the Reno & Hansen criteria against this run's clear-sky curve, QC-good and within the zenith limit. */
  kept: boolean[];
  alpha: number;
}

function surfradRun(options: SurfradOptions): SurfradRun {
  const minutes = readSurfrad();
  const suns = minutes.map((m) => sunPosition(m.ts, SURFRAD_LOCATION, { pressureHpa: m.pressureHpa, airTempC: m.airTempC }));
  const skyOptions = { linkeTurbidity: options.linkeTurbidity, perezEnhancement: options.perezEnhancement };
  const modelWm2 = minutes.map((m, i) => clearSky(m.ts, SURFRAD_LOCATION, suns[i], skyOptions).ghiWm2);
  const measuredWm2 = minutes.map((m) => m.ghiWm2);
  const detection = detectClearSky(measuredWm2, modelWm2);
  const maxZenithDeg = options.maxZenithDeg ?? 80;
  return {
    measuredWm2,
    modelWm2,
    elevationDeg: suns.map((sun) => sun.apparentElevationDeg),
    kept: minutes.map((m, i) => detection.clear[i] && m.good && suns[i].apparentZenithDeg <= maxZenithDeg),
    alpha: detection.alpha,
  };
}

function figuresWhere(run: SurfradRun, keep: (i: number) => boolean): ErrorFigures {
  const model: number[] = [];
  const reference: number[] = [];
  run.measuredWm2.forEach((measured, i) => {
    if (!keep(i)) return;
    model.push(run.modelWm2[i]);
    reference.push(measured);
  });
  return errorFigures(model, reference);
}

/** SURFRAD Alamosa measured GHI in the clear minutes (Reno & Hansen criteria) against our Ineichen clear sky. */
export function surfradClearSky(options: SurfradOptions = {}): ValidationResult & { clearMinutes: number; alpha: number } {
  const run = surfradRun(options);
  const figures = figuresWhere(run, (i) => run.kept[i]);
  const perez = options.perezEnhancement === true ? ', Perez enhancement' : '';
  return {
    name: 'SURFRAD Alamosa 2016-01-01, GHI in clear minutes',
    unit: 'W/m²',
    figures,
    note: `zenith ≤ ${options.maxZenithDeg ?? 80}°, Linke ${options.linkeTurbidity ?? 'climatology'}${perez}`,
    clearMinutes: figures.n,
    alpha: run.alpha,
  };
}

/** Sun-elevation bands of the SURFRAD split: a low sun (air mass 3–6), where the Perez enhancement weighs most, and the rest. */
export const SURFRAD_ELEVATION_BANDS = [
  { label: '10–20°', fromDeg: 10, toDeg: 20 },
  { label: '≥ 20°', fromDeg: 20, toDeg: 90 },
] as const;

export interface SurfradBandFigures {
  perezEnhancement: boolean;
  band: string;
  figures: ErrorFigures;
}

/**
 * The SURFRAD comparison split by sun elevation, without and with the Perez enhancement. Both settings are scored
 * on the same minutes: those kept (clear, QC-good, zenith within the limit) under both clear-sky curves, so that a
 * change of the clear-minute set cannot pass for a change of accuracy.
 */
export function surfradPerezSplit(options: Omit<SurfradOptions, 'perezEnhancement'> = {}): { minutes: number; rows: SurfradBandFigures[] } {
  const runs = [false, true].map((perezEnhancement) => ({ perezEnhancement, run: surfradRun({ ...options, perezEnhancement }) }));
  const both = runs[0].run.kept.map((kept, i) => kept && runs[1].run.kept[i]);
  const rows = runs.flatMap(({ perezEnhancement, run }) =>
    SURFRAD_ELEVATION_BANDS.map((band) => ({
      perezEnhancement,
      band: band.label,
      figures: figuresWhere(run, (i) => both[i] && run.elevationDeg[i] >= band.fromDeg && run.elevationDeg[i] < band.toDeg),
    })),
  );
  return { minutes: both.filter(Boolean).length, rows };
}

/** PVGIS typical year as weather: yearly energy of a 1 kWp 30° south rack and of flat tiles (bare model). */
export function tmyYields(): { rackKwhPerKwp: number; flatTileKwhPerM2: number; ghiKwhPerM2: number } {
  let rackWh = 0;
  let flatWh = 0;
  let ghiWh = 0;
  for (const hour of readTmy()) {
    const sun = sunPosition(hour.ts, TMY_LOCATION, { pressureHpa: hour.pressureHpa, airTempC: hour.airTempC });
    const weather = { irradiance: hour, airTempC: hour.airTempC, windSpeedMs: hour.windSpeedMs };
    rackWh += pvPower({ peakPowerW: 1000, tiltDeg: 30, azimuthDeg: 180, inverterLimitW: 1000, mounting: 'open-rack' }, sun, weather, hour.ts).acPowerW;
    flatWh += pvPower({ peakPowerW: TILE_PEAK_POWER_W_PER_M2, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: TILE_PEAK_POWER_W_PER_M2 }, sun, weather, hour.ts).acPowerW;
    ghiWh += hour.ghiWm2;
  }
  return { rackKwhPerKwp: rackWh / 1000, flatTileKwhPerM2: flatWh / 1000, ghiKwhPerM2: ghiWh / 1000 };
}
