import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parseDates, parseIspStart, parseIsoTime, readCsv } from './settle.csv';

function file(text: string): string {
  const name = path.join(mkdtempSync(path.join(os.tmpdir(), 'trottoir-settle-')), 'input.csv');
  writeFileSync(name, text);
  return name;
}

describe('settle input files', () => {
  it('reads ISO 8601 times: Z, an offset, or none (UTC), and refuses impossible dates', () => {
    expect(parseIsoTime('2026-03-10T16:00:00Z')).toBe(Date.UTC(2026, 2, 10, 16));
    expect(parseIsoTime('2026-03-10T16:00Z')).toBe(Date.UTC(2026, 2, 10, 16));
    expect(parseIsoTime('2026-03-10 16:00')).toBe(Date.UTC(2026, 2, 10, 16));
    expect(parseIsoTime('2026-03-10T17:00:00+01:00')).toBe(Date.UTC(2026, 2, 10, 16));
    expect(parseIsoTime('2026-03-10T11:30-0430')).toBe(Date.UTC(2026, 2, 10, 16));
    expect(parseIsoTime('2026-03-10T16:00:00.250Z')).toBe(Date.UTC(2026, 2, 10, 16, 0, 0, 250));
    for (const bad of ['2026-02-31T00:00Z', '2026-03-10T24:00Z', '2026-03-10', '1773158400000', 'yesterday']) expect(parseIsoTime(bad)).toBeNaN();
    expect(() => parseIspStart('2026-03-10T16:05Z', '--event-start')).toThrow('--event-start: "2026-03-10T16:05Z" is not the start of a 15-minute ISP');
    expect(() => parseDates('2026-03-02,2026-3-4', '--holidays')).toThrow('--holidays: "2026-3-4" is not a date (YYYY-MM-DD)');
    expect(parseDates(' 2026-03-02 , 2026-03-04,', '--holidays')).toEqual(['2026-03-02', '2026-03-04']);
  });

  it('names the option, file and line of a bad header or row', () => {
    const noColumn = file('time,powerW\n2026-03-10T16:00Z,1\n');
    expect(() => readCsv(noColumn, '--meter', ['ts', 'powerW'])).toThrow(`--meter ${noColumn} line 1: missing column(s) ts; expected the header ts,powerW`);
    const ragged = file('ts,powerW\n2026-03-10T16:00Z,1\n\n2026-03-10T16:15Z,1,2\n');
    expect(() => readCsv(ragged, '--meter', ['ts', 'powerW'])).toThrow(`--meter ${ragged} line 4: 3 field(s), the header has 2`);
    const reordered = readCsv(file('\uFEFFpowerW,"ts"\r\n5,2026-03-10T16:00Z\r\n'), '--meter', ['ts', 'powerW']);
    expect(reordered.rows).toEqual([{ line: 2, cells: { ts: '2026-03-10T16:00Z', powerW: '5' } }]);
    expect(() => readCsv('/nonexistent/meter.csv', '--meter', ['ts'])).toThrow(/cannot read --meter \/nonexistent\/meter.csv/);
  });
});
