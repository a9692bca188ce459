// `trottoir settle baseline`: one baseline method on a meter file, as JSON lines (one per event ISP, then a summary).
import { assertTimeZone } from '@trottoir/kernel';
import { computeBaseline, METER_BASELINE_METHODS, SettlementError } from '@trottoir/settlement';
import type { MeterBaselineMethod } from '@trottoir/settlement';

import { at, parseDates, parseIspStart, parseNumber, readCsv, SettleInputError, uniqueKey } from './settle.csv';

export interface RawOptions {
  [name: string]: string | undefined;
}

/**
 * Without --tz the days are UTC days. The meter file is UTC and the tool cannot know where the meter is: a
 * default zone would silently shift day boundaries, day types and "the same clock time" for every meter
 * outside it. The settlement service always passes the grid node's zone; a person running this by hand is
 * told on stderr.
 */
export const DEFAULT_TIME_ZONE = 'UTC';

const round = (value: number, digits: number): number => {
  const rounded = Number(value.toFixed(digits));
  return rounded === 0 ? 0 : rounded;
};

/** Reads `ts,powerW`; an empty powerW is missing data, like a missing row. */
export function readMeterCsv(file: string): Map<number, number> {
  const csv = readCsv(file, '--meter', ['ts', 'powerW']);
  const meter = new Map<number, number>();
  const seen = new Map<string, number>();
  for (const row of csv.rows) {
    const ts = parseIspStart(row.cells['ts'], at(csv, row, 'ts'));
    uniqueKey(seen, String(ts), csv, row, `the ISP ${row.cells['ts']}`);
    if (row.cells['powerW'] === '') continue;
    meter.set(ts, parseNumber(row.cells['powerW'], at(csv, row, 'powerW')));
  }
  if (meter.size === 0) throw new SettleInputError(`--meter ${file} has no readings`);
  return meter;
}

/** Runs the command for parsed options; throws SettleInputError on bad input or data the method cannot use. */
export function runSettleBaseline(options: RawOptions, write: (chunk: string) => void, warn: (line: string) => void = () => undefined): void {
  const method = options['method'];
  if (method === undefined) throw new SettleInputError(`missing --method (${METER_BASELINE_METHODS.join(', ')})`);
  if (!METER_BASELINE_METHODS.includes(method as MeterBaselineMethod)) throw new SettleInputError(`--method "${method}" is invalid: expected ${METER_BASELINE_METHODS.join(', ')}`);
  const file = options['meter'];
  if (file === undefined) throw new SettleInputError('missing --meter <file.csv>');
  const eventStart = options['eventStart'];
  const eventEnd = options['eventEnd'];
  if (eventStart === undefined) throw new SettleInputError('missing --event-start (an ISO 8601 date-time, e.g. 2026-03-10T16:00:00Z)');
  if (eventEnd === undefined) throw new SettleInputError('missing --event-end (an ISO 8601 date-time, e.g. 2026-03-10T18:00:00Z)');
  const eventStartTs = parseIspStart(eventStart, '--event-start');
  const eventEndTs = parseIspStart(eventEnd, '--event-end');
  if (eventEndTs <= eventStartTs) throw new SettleInputError('--event-end must be after --event-start (the end is exclusive: the end of the last event ISP)');
  const timeZone = options['tz'] ?? DEFAULT_TIME_ZONE;
  try {
    assertTimeZone(timeZone);
  } catch (error) {
    throw new SettleInputError(`--tz: ${(error as Error).message}`);
  }
  const eventDays = parseDates(options['eventDays'], '--event-days');
  const holidays = parseDates(options['holidays'], '--holidays');
  const meter = readMeterCsv(file);
  if (options['tz'] === undefined) warn(`trottoir settle baseline: no --tz: days, day types and clock times are UTC (give the meter's zone, e.g. --tz Europe/Paris)`);

  let result;
  try {
    result = computeBaseline(method as MeterBaselineMethod, meter, { eventStartTs, eventEndTs, timeZone, eventDays, holidays });
  } catch (error) {
    if (error instanceof SettlementError) throw new SettleInputError(`--meter ${file}: ${error.message}`);
    throw error;
  }
  const lines = result.isps.map((isp) => JSON.stringify({ ts: isp.ts, baselineW: round(isp.baselineW, 3) }));
  lines.push(JSON.stringify({ method: result.method, adjustment: result.adjustment === null ? null : round(result.adjustment, 6), daysUsed: result.daysUsed }));
  write(`${lines.join('\n')}\n`);
}
