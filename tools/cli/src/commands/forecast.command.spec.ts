/** `trottoir forecast backtest`: JSON lines in the shape, the NREL RSF II file with its own columns, bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Command } from 'commander';

import { registerForecastCommand, runForecastBacktest } from './forecast.command';
import type { RawOptions } from './forecast.command';
import { ForecastInputError, parseTime } from './forecast.measured';

const NREL = path.resolve(__dirname, '../../../../../shared/data/measured/nrel_RSF_II.csv');
const KEYS = ['horizon', 'n', 'mae', 'rmse', 'nmae', 'skillVsSmartPersistence', 'skillVsClimatology', 'pinball', 'coverageP10P90'];

function run(options: RawOptions): Record<string, unknown>[] {
  let out = '';
  runForecastBacktest(options, (chunk) => (out += chunk));
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function csv(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'trottoir-forecast-')), 'measured.csv');
  writeFileSync(file, text);
  return file;
}

/** Three sunny days at 45 N in June, flat 10 kWp, as ts,powerW. */
function sunnyDays(): string {
  const rows = ['ts,powerW'];
  const start = Date.UTC(2026, 5, 1);
  for (let i = 0; i < 3 * 96; i++) {
    const hour = (i % 96) / 4;
    rows.push(`${new Date(start + i * 900_000).toISOString()},${(7000 * Math.max(0, Math.sin(((hour - 4.5) / 15) * Math.PI))).toFixed(1)}`);
  }
  return rows.join('\n');
}

describe('trottoir forecast backtest', () => {
  it('prints one JSON line per horizon with exactly the keys of the issue, shortest horizon first', () => {
    const rows = run({ measured: csv(sunnyDays()), lat: '45', lon: '5', kwp: '10', horizons: '24h,1h' });
    expect(rows.map((r) => r['horizon'])).toEqual(['1h', '24h']);
    for (const row of rows) expect(Object.keys(row)).toEqual(KEYS);
    expect(rows[0]['n']).toBeGreaterThan(50);
  });

  it('runs the NREL RSF II file with its own columns, local time and the offline day dropped', () => {
    const rows = run({
      measured: NREL,
      tsColumn: '1',
      powerColumn: 'inv2_ac_power_w__1047',
      utcOffset: '-5', // the file's clock reads two hours ahead of MST (see the forecasting-domain README)
      lat: '39.74',
      lon: '-105.17',
      elevation: '1830',
      tilt: '20',
      kwp: '204.12',
      to: '2022-01-06T00:00',
    });
    expect(rows.map((r) => r['horizon'])).toEqual(['15m', '1h', '3h', '6h', '24h']);
    expect(rows[1]['n']).toBeGreaterThan(100);
  });

  it('reads US clock times at a UTC offset, ISO with and without zone, and epoch ms', () => {
    expect(parseTime('1/2/2022 10:15', -7)).toBe(Date.UTC(2022, 0, 2, 17, 15));
    expect(parseTime('2022-01-02T10:15', 1)).toBe(Date.UTC(2022, 0, 2, 9, 15));
    expect(parseTime('2022-01-02T10:15:00Z', 1)).toBe(Date.UTC(2022, 0, 2, 10, 15));
    expect(parseTime('1641118500000', 5)).toBe(1641118500000);
    expect(parseTime('yesterday', 0)).toBeNaN();
  });

  it.each<[RawOptions, RegExp]>([
    [{ lat: '45', lon: '5' }, /missing --measured/],
    [{ measured: '/nonexistent.csv', lat: '45', lon: '5' }, /cannot read --measured/],
    [{ measured: 'X', lon: '5' }, /missing --lat/],
    [{ measured: 'X', lat: '95', lon: '5' }, /--lat "95" is invalid/],
    [{ measured: 'X', lat: '45', lon: '5', horizons: '10m' }, /--horizons: horizon "10m"/],
    [{ measured: 'X', lat: '45', lon: '5', tsLabel: 'middle' }, /--ts-label/],
  ])('rejects bad options %j', (options, message) => {
    const measured = options['measured'] === 'X' ? csv(sunnyDays()) : options['measured'];
    expect(() => run({ ...options, measured })).toThrow(message);
  });

  it('names a missing column and shows the header', () => {
    expect(() => run({ measured: csv('time,watts\n2026-06-01T00:00Z,0\n'), lat: '45', lon: '5' })).toThrow(/no column "ts" .*"time", "watts"/);
    expect(() => run({ measured: csv('ts,powerW\n2026-06-01T00:00Z,abc\n2026-06-01T00:15Z,1\n'), lat: '45', lon: '5' })).toThrow(ForecastInputError);
  });

  it('documents every option in --help', () => {
    const program = new Command('trottoir');
    registerForecastCommand(program, () => undefined);
    const help = program.commands.find((c) => c.name() === 'forecast')!.commands.find((c) => c.name() === 'backtest')!.helpInformation();
    for (const flag of ['--measured', '--lat', '--lon', '--elevation', '--tilt', '--azimuth', '--kwp', '--horizons', '--ts-column', '--power-column', '--utc-offset']) {
      expect(help).toContain(flag);
    }
  });
});
