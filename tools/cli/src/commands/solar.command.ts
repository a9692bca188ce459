// `trottoir solar`: a planner's view of the solar model — sun position, clear sky and the power of one array at a
// place over a period, as CSV on stdout. Clear sky unless a weather file is given; tile losses unless `--losses none`.
import { readFileSync } from 'node:fs';

import type { Command } from 'commander';

import { SECOND_MS, parseDurationMs } from '@trottoir/kernel';
import { clearSky, createTileLosses, pvPowerInto, sunPosition } from '@trottoir/solar';
import type { GeoLocation, Irradiance, PvArray, PvPower, SegmentKind, TileLosses, Weather } from '@trottoir/solar';

export const SOLAR_CSV_HEADER = 'ts,zenithDeg,azimuthDeg,elevationDeg,clearskyGhiWm2,clearskyDniWm2,clearskyDhiWm2,poaWm2,cellTempC,pvPowerW';
const WEATHER_COLUMNS = ['ts', 'ghiWm2', 'dniWm2', 'dhiWm2', 'airTempC', 'windSpeedMs'] as const;
const SEGMENT_KINDS: readonly SegmentKind[] = ['urban-street', 'rural-road', 'car-park'];
const MAX_ROWS = 5_000_000;

/** Options as commander gives them: text for the valued ones, `true` for a switch such as --perez-enhancement. */
export interface RawOptions {
  [name: string]: string | boolean | undefined;
}

/** Bad input: reported on one line, exit code 2. */
export class SolarInputError extends Error {}

interface WeatherRow extends Irradiance {
  ts: number;
  airTempC: number;
  windSpeedMs: number;
}

/** The text of a valued option (undefined when absent). */
function textOf(options: RawOptions, name: string): string | undefined {
  const raw = options[name];
  return typeof raw === 'string' ? raw : undefined;
}

function num(options: RawOptions, name: string, flag: string, range: [number, number], fallback?: number): number {
  const raw = textOf(options, name);
  if (raw === undefined) {
    if (fallback === undefined) throw new SolarInputError(`missing ${flag}`);
    return fallback;
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < range[0] || value > range[1]) {
    throw new SolarInputError(`${flag} "${raw}" is invalid: expected a number from ${range[0]} to ${range[1]}`);
  }
  return value;
}

function isoTime(options: RawOptions, name: string, flag: string): number {
  const raw = textOf(options, name);
  if (raw === undefined) throw new SolarInputError(`missing ${flag} (an ISO 8601 date-time, e.g. 2026-06-21T00:00Z)`);
  // A bare date or a time without offset is read as UTC, so the output never depends on the machine's zone.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : /T[\d:.]+$/.test(raw) ? `${raw}Z` : raw;
  const ts = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ts)) throw new SolarInputError(`${flag} "${raw}" is not an ISO 8601 date-time`);
  return ts;
}

export function parseStepMs(raw: string): number {
  let ms: number;
  try {
    ms = parseDurationMs(raw);
  } catch {
    throw new SolarInputError(`--step "${raw}" is invalid: expected a duration such as 30s, 15m or 1h`);
  }
  if (ms < SECOND_MS) throw new SolarInputError(`--step "${raw}" is too short: at least 1s`);
  return ms;
}

/** Reads the weather CSV (header `ts,ghiWm2,dniWm2,dhiWm2,airTempC,windSpeedMs`), sorted by time. */
export function readWeatherCsv(file: string): WeatherRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SolarInputError(`cannot read --weather ${file}: ${(error as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const index = WEATHER_COLUMNS.map((column) => header.indexOf(column));
  const missing = WEATHER_COLUMNS.filter((_, i) => index[i] < 0);
  if (missing.length > 0) throw new SolarInputError(`--weather ${file}: missing column(s) ${missing.join(', ')}; expected header ${WEATHER_COLUMNS.join(',')}`);
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const ts = Date.parse(cells[index[0]] ?? '');
    const numeric = index.slice(1).map((column) => cells[column] ?? '');
    const values = numeric.map(Number);
    if (Number.isNaN(ts) || numeric.some((cell, k) => cell === '' || !Number.isFinite(values[k]))) {
      throw new SolarInputError(`--weather ${file} line ${i + 2}: expected an ISO time and five numbers, got "${line}"`);
    }
    const [ghiWm2, dniWm2, dhiWm2, airTempC, windSpeedMs] = values;
    if (ghiWm2 < 0 || dniWm2 < 0 || dhiWm2 < 0 || windSpeedMs < 0) throw new SolarInputError(`--weather ${file} line ${i + 2}: irradiance and wind must not be negative`);
    return { ts, ghiWm2, dniWm2, dhiWm2, airTempC, windSpeedMs };
  });
  if (rows.length === 0) throw new SolarInputError(`--weather ${file} has no rows`);
  return rows.sort((a, b) => a.ts - b.ts);
}

/** Weather at `ts`, linear between the two rows around it (the cursor keeps the scan linear over a run). */
function weatherAt(rows: readonly WeatherRow[], ts: number, cursor: { i: number }, out: WeatherRow): WeatherRow {
  while (cursor.i < rows.length - 2 && rows[cursor.i + 1].ts <= ts) cursor.i++;
  const a = rows[cursor.i];
  const b = rows[Math.min(cursor.i + 1, rows.length - 1)];
  const w = b.ts > a.ts ? Math.min(Math.max((ts - a.ts) / (b.ts - a.ts), 0), 1) : 0;
  const mix = (x: number, y: number): number => x + (y - x) * w;
  out.ts = ts;
  out.ghiWm2 = mix(a.ghiWm2, b.ghiWm2);
  out.dniWm2 = mix(a.dniWm2, b.dniWm2);
  out.dhiWm2 = mix(a.dhiWm2, b.dhiWm2);
  out.airTempC = mix(a.airTempC, b.airTempC);
  out.windSpeedMs = mix(a.windSpeedMs, b.windSpeedMs);
  return out;
}

const f = (value: number, digits: number): string => (Math.abs(value) < 0.5 * 10 ** -digits ? (0).toFixed(digits) : value.toFixed(digits));

/** Writes the CSV for parsed options (strings as commander gives them); throws SolarInputError on bad input. */
export function runSolar(options: RawOptions, write: (chunk: string) => void): void {
  const location: GeoLocation = {
    latitudeDeg: num(options, 'lat', '--lat', [-90, 90]),
    longitudeDeg: num(options, 'lon', '--lon', [-180, 180]),
    elevationM: num(options, 'elevation', '--elevation', [-500, 9000], 0),
  };
  const fromTs = isoTime(options, 'from', '--from');
  const toTs = isoTime(options, 'to', '--to');
  if (toTs < fromTs) throw new SolarInputError('--to is before --from');
  const stepMs = parseStepMs(textOf(options, 'step') ?? '15m');
  if ((toTs - fromTs) / stepMs + 1 > MAX_ROWS) throw new SolarInputError(`the period holds more than ${MAX_ROWS} steps: use a longer --step`);
  const peakPowerW = num(options, 'kwp', '--kwp', [0, 1e6], 1) * 1000;
  const array: PvArray = {
    peakPowerW,
    tiltDeg: num(options, 'tilt', '--tilt', [0, 90], 0),
    azimuthDeg: num(options, 'azimuth', '--azimuth', [0, 360], 180),
    inverterLimitW: textOf(options, 'inverterKw') === undefined ? peakPowerW : num(options, 'inverterKw', '--inverter-kw', [0, 1e6]) * 1000,
    mounting: num(options, 'tilt', '--tilt', [0, 90], 0) > 0 ? 'open-rack' : 'insulated-back',
  };
  const linkeTurbidity = textOf(options, 'linkeTurbidity') === undefined ? undefined : num(options, 'linkeTurbidity', '--linke-turbidity', [1, 10]);
  const perezEnhancement = options['perezEnhancement'] === true;
  const lossModel = textOf(options, 'losses') ?? 'rural-road';
  if (lossModel !== 'none' && !SEGMENT_KINDS.includes(lossModel as SegmentKind)) {
    throw new SolarInputError(`--losses "${lossModel}" is invalid: expected none, ${SEGMENT_KINDS.join(', ')}`);
  }
  const seed = num(options, 'seed', '--seed', [0, 2 ** 32 - 1], 1);
  const losses: TileLosses | undefined = lossModel === 'none' ? undefined : createTileLosses(lossModel as SegmentKind, seed, { utcOffsetHours: Math.round(location.longitudeDeg / 15) });
  const weatherFile = textOf(options, 'weather');
  const weather = weatherFile === undefined ? undefined : readWeatherCsv(weatherFile);
  if (weather && (fromTs < weather[0].ts || toTs > weather[weather.length - 1].ts)) {
    throw new SolarInputError(`--weather covers ${new Date(weather[0].ts).toISOString()} to ${new Date(weather[weather.length - 1].ts).toISOString()}, not all of --from/--to`);
  }
  const airTempC = num(options, 'airTemp', '--air-temp', [-60, 60], 20);
  const windSpeedMs = num(options, 'wind', '--wind', [0, 60], 1);

  const cursor = { i: 0 };
  const current: WeatherRow = { ts: 0, ghiWm2: 0, dniWm2: 0, dhiWm2: 0, airTempC, windSpeedMs };
  const conditions: Weather = { irradiance: current, airTempC, windSpeedMs };
  const power: PvPower = { poaWm2: 0, cellTempC: 0, dcPowerW: 0, acPowerW: 0 };
  const lines: string[] = [SOLAR_CSV_HEADER];
  for (let ts = fromTs; ts <= toTs; ts += stepMs) {
    const sun = sunPosition(ts, location);
    const sky = clearSky(ts, location, sun, { linkeTurbidity, perezEnhancement });
    if (weather) {
      weatherAt(weather, ts, cursor, current);
      conditions.irradiance = current;
      conditions.airTempC = current.airTempC;
      conditions.windSpeedMs = current.windSpeedMs;
    } else {
      conditions.irradiance = sky;
    }
    pvPowerInto(power, array, sun, conditions, ts);
    const factor = losses ? losses.factorAt(ts) : 1;
    lines.push(
      `${new Date(ts).toISOString().replace(".000Z", "Z")},${f(sun.apparentZenithDeg, 4)},${f(sun.azimuthDeg, 4)},${f(sun.apparentElevationDeg, 4)},` +
        `${f(sky.ghiWm2, 1)},${f(sky.dniWm2, 1)},${f(sky.dhiWm2, 1)},${f(power.poaWm2, 1)},${f(power.cellTempC, 2)},${f(power.acPowerW * factor, 1)}`,
    );
    if (lines.length >= 10_000) write(`${lines.splice(0).join('\n')}\n`);
  }
  if (lines.length > 0) write(`${lines.join('\n')}\n`);
}

const HELP_AFTER = `
Output: CSV on stdout with the header
  ${SOLAR_CSV_HEADER}
ts is ISO 8601 UTC; zenithDeg is the apparent (refracted) zenith and elevationDeg = 90 − zenithDeg; azimuthDeg is
east of north; clearsky* is Ineichen–Perez with a monthly Linke turbidity climatology, as pvlib's ineichen: without
the Perez enhancement unless --perez-enhancement (pvlib's perez_enhancement, off by default); poaWm2 is the plane-of-array
irradiance before incidence losses; cellTempC is SAPM (insulated back when flat, open rack when tilted); pvPowerW is
AC power after inverter clipping and, unless --losses none, the seeded tile losses of the segment kind.

Examples:
  trottoir solar --lat 48.85 --lon 2.35 --from 2026-06-21 --to 2026-06-22 --step 1h
  trottoir solar --lat 45 --lon 8 --elevation 250 --from 2026-01-01T00:00Z --to 2026-12-31T23:00Z --step 1h --losses none
  trottoir solar --lat 45 --lon 8 --from 2026-03-01 --to 2026-03-02 --weather weather.csv --tilt 20 --kwp 12`;

export function registerSolarCommand(program: Command, write: (chunk: string) => void = (chunk) => process.stdout.write(chunk)): Command {
  return program
    .command('solar')
    .description('sun position, clear sky and PV power of one array at a place over a period, as CSV')
    .option('--lat <deg>', 'latitude, degrees north (−90…90), required')
    .option('--lon <deg>', 'longitude, degrees east (−180…180), required')
    .option('--elevation <m>', 'site elevation above sea level, metres (default 0)')
    .option('--from <ISO>', 'first time step, ISO 8601 (no offset means UTC), required')
    .option('--to <ISO>', 'last time step (inclusive), ISO 8601, required')
    .option('--step <duration>', 'time step: 30s, 15m, 1h… (default 15m)')
    .option('--tilt <deg>', 'tilt of the tiles from horizontal: 0 = flat sidewalk (default 0)')
    .option('--azimuth <deg>', 'direction the tilted plane faces, degrees east of north: 180 = south (default 180)')
    .option('--kwp <kW>', 'DC peak power of the array, kWp (default 1)')
    .option('--inverter-kw <kW>', 'inverter AC limit, kW: AC power is clipped there (default: same as --kwp)')
    .option('--weather <file.csv>', 'weather CSV with header ts,ghiWm2,dniWm2,dhiWm2,airTempC,windSpeedMs (ISO ts, linear between rows); default clear sky')
    .option('--air-temp <°C>', 'air temperature without a weather file (default 20)')
    .option('--wind <m/s>', 'wind speed at 10 m without a weather file (default 1)')
    .option('--linke-turbidity <x>', 'Linke turbidity (1…10) for the clear sky instead of the monthly climatology')
    .option(
      '--perez-enhancement',
      "multiply the clear-sky GHI by Perez's enhancement e^(0.01·AM^1.8), as pvlib's perez_enhancement=True; off by default, as in pvlib, which warns of spurious values near the horizon (+25 % at 10° of sun)",
    )
    .option('--losses <model>', `tile losses: none (bare PV model) or a segment kind: ${SEGMENT_KINDS.join(', ')} (default rural-road)`)
    .option('--seed <n>', 'seed of the tile-loss model (default 1): same seed, same losses')
    .addHelpText('after', HELP_AFTER)
    .showHelpAfterError('(trottoir solar --help lists the options)')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(function (this: Command) {
      try {
        runSolar(this.opts<RawOptions>(), write);
      } catch (error) {
        if (!(error instanceof SolarInputError)) throw error;
        this.error(`trottoir solar: ${error.message}`, { exitCode: 2 });
      }
    });
}
