// Input files of `trottoir settle`: small CSVs with a header, read strictly. Every problem is reported as one
// line naming the option, the file, the line and the field; nothing is guessed (no quoting, no skipped rows).
import { readFileSync } from 'node:fs';

import { ISP_MS, utcMidnightOf } from '@trottoir/kernel';

/** Bad input: reported on one line, exit code 2. */
export class SettleInputError extends Error {}

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

export interface CsvFile {
  flag: string;
  file: string;
  rows: CsvRow[];
}

/** `--meter meter.csv line 7, field powerW`: how messages name a cell. */
export const at = (csv: CsvFile, row: CsvRow, field: string): string => `${csv.flag} ${csv.file} line ${row.line}, field ${field}`;

/** Reads `file` (given as `flag`), which must have every one of `columns` in its header (any order, more allowed). */
export function readCsv(file: string, flag: string, columns: readonly string[]): CsvFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SettleInputError(`cannot read ${flag} ${file}: ${(error as Error).message}`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const unquote = (cell: string): string => cell.trim().replace(/^"(.*)"$/, '$1');
  const header = (lines[0] ?? '').split(',').map(unquote);
  const missing = columns.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new SettleInputError(`${flag} ${file} line 1: missing column(s) ${missing.join(', ')}; expected the header ${columns.join(',')}`);
  const index = columns.map((column) => header.indexOf(column));
  const rows: CsvRow[] = [];
  lines.forEach((text, i) => {
    if (i === 0 || text.trim() === '') return;
    const cells = text.split(',').map(unquote);
    if (cells.length !== header.length) throw new SettleInputError(`${flag} ${file} line ${i + 1}: ${cells.length} field(s), the header has ${header.length}`);
    rows.push({ line: i + 1, cells: Object.fromEntries(columns.map((column, k) => [column, cells[index[k]]])) });
  });
  return { flag, file, rows };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms of an ISO 8601 date-time; without an offset it is UTC (never the machine's zone). NaN when invalid. */
export function parseIsoTime(text: string): number {
  const match = ISO.exec(text.trim());
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s, ms, zone] = match;
  const date = `${y}-${mo}-${d}`;
  try {
    utcMidnightOf(date);
  } catch {
    return Number.NaN;
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return Number.NaN;
  const offsetMs = !zone || zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2))) * 60_000;
  return utcMidnightOf(date) + ((Number(h) * 60 + Number(mi)) * 60 + Number(s ?? 0)) * 1000 + Number((ms ?? '0').padEnd(3, '0')) - offsetMs;
}

/** The start of an ISP from a cell or an option. */
export function parseIspStart(text: string, where: string): number {
  const ts = parseIsoTime(text);
  if (Number.isNaN(ts)) throw new SettleInputError(`${where}: "${text}" is not an ISO 8601 date-time (e.g. 2026-03-10T16:00:00Z)`);
  if (ts % ISP_MS !== 0) throw new SettleInputError(`${where}: "${text}" is not the start of a 15-minute ISP (:00, :15, :30 or :45)`);
  return ts;
}

/** A finite number from a cell, at least `min` when given. */
export function parseNumber(text: string, where: string, min?: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new SettleInputError(`${where}: "${text}" is not a number`);
  if (min !== undefined && value < min) throw new SettleInputError(`${where}: ${text} is below ${min}`);
  return value;
}

/** A comma-separated list of dates (`YYYY-MM-DD`) from an option. */
export function parseDates(raw: string | undefined, flag: string): string[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((date) => date.trim())
    .filter((date) => date !== '')
    .map((date) => {
      try {
        utcMidnightOf(date);
      } catch {
        throw new SettleInputError(`${flag}: "${date}" is not a date (YYYY-MM-DD)`);
      }
      return date;
    });
}

/** Refuses a second row for the same key, naming both lines. */
export function uniqueKey(seen: Map<string, number>, key: string, csv: CsvFile, row: CsvRow, what: string): void {
  const first = seen.get(key);
  if (first !== undefined) throw new SettleInputError(`${csv.flag} ${csv.file} line ${row.line}: a second row for ${what} (first on line ${first})`);
  seen.set(key, row.line);
}
