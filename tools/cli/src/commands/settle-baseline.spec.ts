/** `trottoir settle baseline` in process: the example meter, the output contract, and every kind of bad input. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { computeBaseline } from '@trottoir/settlement';

import { readMeterCsv, runSettleBaseline } from './settle-baseline';
import type { RawOptions } from './settle-baseline';
import { SettleInputError } from './settle.csv';

const METER = path.resolve(__dirname, '../../../../libs/settlement/examples/meter.csv');
// Tuesday 10 March 2026, 17:00–19:00 in Paris; 4 March was an event day.
const EVENT = { meter: METER, eventStart: '2026-03-10T16:00Z', eventEnd: '2026-03-10T18:00Z', eventDays: '2026-03-04', tz: 'Europe/Paris' };

function run(options: RawOptions): { lines: Record<string, unknown>[]; warnings: string[] } {
  let out = '';
  const warnings: string[] = [];
  runSettleBaseline(options, (chunk) => (out += chunk), (line) => warnings.push(line));
  return { lines: out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>), warnings };
}

function csv(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'trottoir-settle-')), 'meter.csv');
  writeFileSync(file, text);
  return file;
}

describe('trottoir settle baseline', () => {
  it('prints one line per event ISP and the summary, exactly the keys of the contract', () => {
    const { lines, warnings } = run({ ...EVENT, method: '10of10' });
    expect(lines).toHaveLength(9);
    expect(lines.slice(0, 8).map((line) => Object.keys(line))).toEqual(Array(8).fill(['ts', 'baselineW']));
    expect(lines.slice(0, 8).map((line) => line['ts'])).toEqual(Array.from({ length: 8 }, (_, i) => Date.UTC(2026, 2, 10, 16) + i * 900_000));
    // 26 February has a missing reading and 4 March was an event: 9 working days in the file qualify.
    expect(lines[8]).toEqual({
      method: '10of10',
      adjustment: 1.2,
      daysUsed: ['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-27', '2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06', '2026-03-09'],
    });
    expect(warnings).toEqual([]);
  });

  it('prints what the library computes, to the mW', () => {
    const meter = readMeterCsv(METER);
    for (const method of ['10of10', 'nodes5', 'pjm-same-day', 'mbma'] as const) {
      const expected = computeBaseline(method, meter, { eventStartTs: Date.UTC(2026, 2, 10, 16), eventEndTs: Date.UTC(2026, 2, 10, 18), timeZone: 'Europe/Paris', eventDays: ['2026-03-04'] });
      const { lines } = run({ ...EVENT, method });
      expected.isps.forEach((isp, i) => expect(lines[i]['baselineW']).toBeCloseTo(isp.baselineW, 3));
      expect(lines[8]['daysUsed']).toEqual(expected.daysUsed);
    }
    // mbma holds the 15:45 UTC reading of the file.
    const row = readFileSync(METER, 'utf8').split('\n').find((line) => line.startsWith('2026-03-10T15:45:00Z'));
    expect(run({ ...EVENT, method: 'mbma' }).lines[0]['baselineW']).toBe(Number(row?.split(',')[1]));
  });

  it('reads days in UTC without --tz, and says so on stderr', () => {
    const { lines, warnings } = run({ ...EVENT, tz: undefined, method: 'nodes5' });
    expect(lines[8]).toMatchObject({ method: 'nodes5', adjustment: null });
    expect(warnings).toEqual(["trottoir settle baseline: no --tz: days, day types and clock times are UTC (give the meter's zone, e.g. --tz Europe/Paris)"]);
  });

  it('takes holidays into the day types', () => {
    const { lines } = run({ ...EVENT, method: 'nodes5', holidays: '2026-03-09,2026-03-06' });
    // 9 and 6 March off, 4 March an event, 26 February incomplete.
    expect(lines[8]['daysUsed']).toEqual(['2026-02-25', '2026-02-27', '2026-03-02', '2026-03-03', '2026-03-05']);
  });

  it.each<[RawOptions, string]>([
    [{ ...EVENT, method: undefined }, 'missing --method (10of10, nodes5, pjm-same-day, mbma)'],
    [{ ...EVENT, method: '5of10' }, '--method "5of10" is invalid: expected 10of10, nodes5, pjm-same-day, mbma'],
    [{ ...EVENT, method: 'mbma', meter: undefined }, 'missing --meter <file.csv>'],
    [{ ...EVENT, method: 'mbma', eventStart: undefined }, 'missing --event-start'],
    [{ ...EVENT, method: 'mbma', eventStart: '10/03/2026 17:00' }, '--event-start: "10/03/2026 17:00" is not an ISO 8601 date-time'],
    [{ ...EVENT, method: 'mbma', eventEnd: '2026-03-10T18:10Z' }, '--event-end: "2026-03-10T18:10Z" is not the start of a 15-minute ISP'],
    [{ ...EVENT, method: 'mbma', eventEnd: '2026-03-10T16:00Z' }, '--event-end must be after --event-start'],
    [{ ...EVENT, method: 'mbma', tz: 'Paris' }, '--tz: unknown time zone "Paris"'],
    [{ ...EVENT, method: 'mbma', eventDays: '2026-03-32' }, '--event-days: "2026-03-32" is not a date'],
    [{ ...EVENT, method: '10of10', eventStart: '2026-03-10T22:00Z', eventEnd: '2026-03-11T00:00Z' }, '10of10 settles one local day at a time'],
  ])('refuses %j', (options, message) => {
    expect(() => run(options)).toThrow(SettleInputError);
    expect(() => run(options)).toThrow(message);
  });

  it('names the file, line and field of a bad row, and the file when its data cannot make the baseline', () => {
    const badPower = csv('ts,powerW\n2026-03-10T15:30:00Z,10\n2026-03-10T15:45:00Z,ten\n');
    expect(() => run({ ...EVENT, method: 'mbma', meter: badPower })).toThrow(`--meter ${badPower} line 3, field powerW: "ten" is not a number`);
    const badTs = csv('ts,powerW\n2026-03-10T15:31:00Z,10\n');
    expect(() => run({ ...EVENT, method: 'mbma', meter: badTs })).toThrow(`--meter ${badTs} line 2, field ts: "2026-03-10T15:31:00Z" is not the start of a 15-minute ISP`);
    const twice = csv('ts,powerW\n2026-03-10T15:45:00Z,10\n2026-03-10T16:45+01:00,11\n');
    expect(() => run({ ...EVENT, method: 'mbma', meter: twice })).toThrow(`--meter ${twice} line 3: a second row for the ISP 2026-03-10T16:45+01:00 (first on line 2)`);
    const gap = csv('ts,powerW\n2026-03-10T15:30:00Z,10\n2026-03-10T15:45:00Z,\n');
    expect(() => run({ ...EVENT, method: 'mbma', meter: gap })).toThrow(`--meter ${gap}: mbma: no reading for the ISP before the event (2026-03-10T15:45:00Z)`);
    expect(() => run({ ...EVENT, method: '10of10', meter: gap })).toThrow(`--meter ${gap}: insufficient history for 10of10: 0 usable day(s)`);
    expect(() => run({ ...EVENT, method: 'mbma', meter: csv('ts,powerW\n') })).toThrow('has no readings');
  });
});
