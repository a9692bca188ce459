// `trottoir forecast backtest`: replays a measured PV series through the forecasting model with a rolling origin
// and prints one JSON line of scores per horizon (see libs/forecasting-domain/README.md, "Backtest").
import type { Command } from 'commander';

import { DEFAULT_HORIZONS, HorizonError, parseHorizonMs, parseHorizons, runBacktest } from '@trottoir/forecasting-domain';
import { parseDurationMs } from '@trottoir/kernel';

import { ForecastInputError, parseTime, readMeasuredCsv } from './forecast.measured';

export interface RawOptions {
  [name: string]: string | undefined;
}

function num(options: RawOptions, name: string, flag: string, range: [number, number], fallback?: number): number {
  const raw = options[name];
  if (raw === undefined) {
    if (fallback === undefined) throw new ForecastInputError(`missing ${flag}`);
    return fallback;
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < range[0] || value > range[1]) {
    throw new ForecastInputError(`${flag} "${raw}" is invalid: expected a number from ${range[0]} to ${range[1]}`);
  }
  return value;
}

function duration(raw: string | undefined, flag: string): number {
  if (raw === undefined || raw === '0') return 0;
  try {
    return parseDurationMs(raw);
  } catch {
    throw new ForecastInputError(`${flag} "${raw}" is invalid: expected e.g. 0, 12h or 7d`);
  }
}

/** Runs the backtest for parsed options and writes the JSON lines; throws ForecastInputError on bad input. */
export function runForecastBacktest(options: RawOptions, write: (chunk: string) => void): void {
  if (options['measured'] === undefined) throw new ForecastInputError('missing --measured <file.csv>');
  const latDeg = num(options, 'lat', '--lat', [-90, 90]);
  const lonDeg = num(options, 'lon', '--lon', [-180, 180]);
  const utcOffsetHours = num(options, 'utcOffset', '--utc-offset', [-14, 14], 0);
  const tsLabel = options['tsLabel'] ?? 'start';
  if (tsLabel !== 'start' && tsLabel !== 'end') throw new ForecastInputError(`--ts-label "${tsLabel}" is invalid: expected start or end`);
  let horizonsMs: number[];
  try {
    horizonsMs = parseHorizons(options['horizons'] ?? DEFAULT_HORIZONS);
    if (options['horizons'] !== undefined) options['horizons'].split(',').forEach((h) => h.trim() && parseHorizonMs(h));
  } catch (error) {
    if (error instanceof HorizonError) throw new ForecastInputError(`--horizons: ${error.message}`);
    throw error;
  }
  let series = readMeasuredCsv(options['measured'], {
    tsColumn: options['tsColumn'] ?? 'ts',
    powerColumn: options['powerColumn'] ?? 'powerW',
    utcOffsetHours,
    powerScale: num(options, 'powerScale', '--power-scale', [1e-9, 1e9], 1),
    tsLabel,
    intervalMs: 900_000,
  });
  const bound = (name: string, flag: string): number | undefined => {
    const raw = options[name];
    if (raw === undefined) return undefined;
    const ts = parseTime(raw, utcOffsetHours);
    if (Number.isNaN(ts)) throw new ForecastInputError(`${flag} "${raw}" is not a time`);
    return ts;
  };
  const fromTs = bound('from', '--from');
  const toTs = bound('to', '--to');
  series = series.filter((p) => (fromTs === undefined || p.ts >= fromTs) && (toTs === undefined || p.ts < toTs));
  if (series.filter((p) => Number.isFinite(p.powerW)).length < 2) throw new ForecastInputError('the measured series has fewer than 2 values in the chosen period');
  const spanDays = (series[series.length - 1].ts - series[0].ts) / 86_400_000;
  if (spanDays > 3660) throw new ForecastInputError(`the measured series spans ${spanDays.toFixed(0)} days: at most 10 years`);
  const maxPowerW = Math.max(...series.map((p) => (Number.isFinite(p.powerW) ? p.powerW : 0)));
  // Without --kwp the peak power is taken as the largest measured power (say so: nMAE is normalised by it).
  const peakPowerW = options['kwp'] === undefined ? maxPowerW : num(options, 'kwp', '--kwp', [1e-6, 1e7]) * 1000;
  if (!(peakPowerW > 0)) throw new ForecastInputError('the measured power is never positive: give --kwp');
  const rows = runBacktest(
    series,
    {
      latDeg,
      lonDeg,
      elevationM: num(options, 'elevation', '--elevation', [-500, 9000], 0),
      tiltDeg: num(options, 'tilt', '--tilt', [0, 90], 0),
      azimuthDeg: num(options, 'azimuth', '--azimuth', [0, 360], 180),
      peakPowerW,
      inverterLimitW: options['inverterKw'] === undefined ? peakPowerW : num(options, 'inverterKw', '--inverter-kw', [1e-6, 1e7]) * 1000,
    },
    { horizonsMs, warmupMs: duration(options['warmup'], '--warmup') },
  );
  write(rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
}

const HELP_AFTER = `
Output: one JSON line per horizon, shortest first:
  {"horizon":"1h","n":…,"mae":…,"rmse":…,"nmae":…,"skillVsSmartPersistence":…,"skillVsClimatology":…,"pinball":…,"coverageP10P90":…}
Powers in W. A forecast is issued at the start of every 15-minute interval and sees only the intervals before it
(rolling origin); "1h" scores the interval ending 1 h after the issue. Scored: daytime intervals (clear-sky power > 0)
with a measurement. nmae = MAE ÷ peak power (--kwp). skill = 1 − RMSE ÷ RMSE of the reference: smart persistence
(last measured ÷ clear-sky ratio with the sun ≥ 10°) and climatology (mean ratio of the solar hour, ~30 days).
pinball = mean pinball loss over P10, P25, P50, P75, P90; coverageP10P90 = share of measurements in [P10, P90].

Examples:
  trottoir forecast backtest --measured site.csv --lat 45.76 --lon 4.83 --kwp 12
  trottoir forecast backtest --measured ../shared/data/measured/nrel_RSF_II.csv --ts-column 1 \\
    --power-column inv2_ac_power_w__1047 --utc-offset -5 --lat 39.74 --lon -105.17 --elevation 1830 \\
    --tilt 20 --kwp 204.12 --to 2022-01-06T00:00`;

export function registerForecastCommand(program: Command, write: (chunk: string) => void = (chunk) => process.stdout.write(chunk)): Command {
  const forecast = program.command('forecast').description('forecasting tools: backtest the PV model on a measured series');
  forecast
    .command('backtest')
    .description('rolling-origin backtest of the PV forecast on a measured series; one JSON line of scores per horizon')
    .option('--measured <file.csv>', 'measured PV series: CSV with a time and a mean AC power column (default names ts, powerW), required')
    .option('--lat <deg>', 'latitude, degrees north, required')
    .option('--lon <deg>', 'longitude, degrees east, required')
    .option('--elevation <m>', 'site elevation, metres (default 0)')
    .option('--tilt <deg>', 'tilt of the array from horizontal (default 0, flat tiles)')
    .option('--azimuth <deg>', 'direction the array faces, degrees east of north (default 180)')
    .option('--kwp <kW>', 'DC peak power, kWp (default: the largest measured power)')
    .option('--inverter-kw <kW>', 'inverter AC limit, kW (default: same as the peak power)')
    .option('--horizons <list>', `comma-separated horizons, multiples of 15m up to 48h (default ${DEFAULT_HORIZONS})`)
    .option('--ts-column <name|n>', 'time column: header name or 1-based number (default ts)')
    .option('--power-column <name|n>', 'power column: header name or 1-based number (default powerW)')
    .option('--power-scale <x>', 'multiplier from the column unit to W, e.g. 1000 for kW (default 1)')
    .option('--utc-offset <h>', 'offset of zone-less times from UTC, hours, e.g. -7 for US Mountain standard time (default 0)')
    .option('--ts-label <start|end>', 'whether a row is stamped at the start or the end of its 15-min interval (default start)')
    .option('--from <time>', 'ignore rows before this time (same formats as the time column)')
    .option('--to <time>', 'ignore rows from this time on (e.g. to drop an offline day)')
    .option('--warmup <duration>', 'do not score forecasts issued in the first 0/12h/7d… of the series (default 0)')
    .addHelpText('after', HELP_AFTER)
    .showHelpAfterError('(trottoir forecast backtest --help lists the options)')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(function (this: Command) {
      try {
        runForecastBacktest(this.opts<RawOptions>(), write);
      } catch (error) {
        if (!(error instanceof ForecastInputError)) throw error;
        this.error(`trottoir forecast backtest: ${error.message}`, { exitCode: 2 });
      }
    });
  return forecast;
}
