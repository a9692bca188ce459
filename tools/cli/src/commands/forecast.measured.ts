// Reads a measured PV series for `trottoir forecast backtest`: a CSV with a time and a power column, in any
// of ISO 8601, epoch milliseconds or US "M/D/YYYY H:MM" clock time (with --utc-offset for zone-less times).
import { readFileSync } from 'node:fs';

import type { MeasuredPoint } from '@trottoir/forecasting-domain';

/** Bad input: reported on one line, exit code 2. */
export class ForecastInputError extends Error {}

export interface MeasuredCsvOptions {
  tsColumn: string;
  powerColumn: string;
  /** Offset of zone-less clock times from UTC, hours (e.g. −7 for US Mountain standard time). */
  utcOffsetHours: number;
  /** Multiplier to W (1000 when the column is in kW). */
  powerScale: number;
  /** Whether a row's time is the start (default) or the end of its interval. */
  tsLabel: 'start' | 'end';
  /** Interval of the rows, ms, to shift end labels (default 15 min). */
  intervalMs: number;
}

const US_CLOCK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms of a time cell; zone-less times are local clock time at `utcOffsetHours`. */
export function parseTime(cell: string, utcOffsetHours: number): number {
  const text = cell.trim().replace(/^"|"$/g, '');
  if (/^\d{10,}$/.test(text)) return Number(text);
  const us = US_CLOCK.exec(text);
  if (us) {
    const [, month, day, year, hour, minute, second] = us.map(Number);
    return Date.UTC(year, month - 1, day, hour, minute, Number.isNaN(second) ? 0 : second) - utcOffsetHours * 3_600_000;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const iso = text.replace(' ', 'T');
    if (ZONE.test(iso)) return Date.parse(iso);
    const ts = Date.parse(`${iso.length === 10 ? `${iso}T00:00` : iso}Z`);
    return ts - utcOffsetHours * 3_600_000;
  }
  return Number.NaN;
}

function columnIndex(header: readonly string[], name: string, flag: string, file: string): number {
  const index = header.indexOf(name);
  if (index >= 0) return index;
  if (/^\d+$/.test(name) && Number(name) >= 1 && Number(name) <= header.length) return Number(name) - 1;
  throw new ForecastInputError(`--measured ${file}: no column "${name}" (${flag}); the header has ${header.map((h) => `"${h}"`).join(', ')} — give a name or a 1-based column number`);
}

/** Reads the CSV; rows whose power cell is empty are missing data (NaN). Sorted by time. */
export function readMeasuredCsv(file: string, options: MeasuredCsvOptions): MeasuredPoint[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ForecastInputError(`cannot read --measured ${file}: ${(error as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length < 2) throw new ForecastInputError(`--measured ${file} has no data rows`);
  const header = lines[0].split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const tsIndex = columnIndex(header, options.tsColumn, '--ts-column', file);
  const powerIndex = columnIndex(header, options.powerColumn, '--power-column', file);
  const shiftMs = options.tsLabel === 'end' ? -options.intervalMs : 0;
  const points = lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    const ts = parseTime(cells[tsIndex] ?? '', options.utcOffsetHours);
    if (Number.isNaN(ts)) throw new ForecastInputError(`--measured ${file} line ${i + 2}: "${cells[tsIndex] ?? ''}" is not a time (ISO 8601, epoch ms or M/D/YYYY H:MM)`);
    const raw = (cells[powerIndex] ?? '').trim();
    const power = raw === '' ? Number.NaN : Number(raw) * options.powerScale;
    if (raw !== '' && !Number.isFinite(power)) throw new ForecastInputError(`--measured ${file} line ${i + 2}: power "${raw}" is not a number`);
    return { ts: ts + shiftMs, powerW: power };
  });
  return points.sort((a, b) => a.ts - b.ts);
}
