import fc from 'fast-check';

import { telemetryRow } from '../testing/telemetry-row.factory';
import { STAGING_COLUMNS, encodeCopyChunks, encodeCopyLine, escapeCopyText } from './telemetry-copy.encoder';
import { telemetryRowValues } from './telemetry-row';

/** What PostgreSQL's COPY text parser does with one field. */
function unescapeCopyText(field: string): string {
  return field.replace(/\\(.)/g, (_, ch: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[ch] ?? ch);
}

const segmentIdChars = fc.string({ unit: fc.constantFrom('a', 'Z', '9', '-', '\\', '\t', '\n', '\r', 'é', 'N'), minLength: 1 });

describe('escapeCopyText', () => {
  it('escapes backslash, tab and line breaks', () => {
    expect(escapeCopyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('round-trips through the COPY text parser and never splits a line or a field', () => {
    fc.assert(
      fc.property(segmentIdChars, (text) => {
        const escaped = escapeCopyText(text);
        expect(escaped).not.toMatch(/[\t\n\r]/);
        expect(unescapeCopyText(escaped)).toBe(text);
      }),
    );
  });
});

describe('encodeCopyLine', () => {
  it('writes the ordinal, the fields in staging order and \\N for a null SoC', () => {
    const line = encodeCopyLine(telemetryRow({ segmentId: 'seg\t7', ts: 1_764_500_000_123, batterySocPct: null, pvPowerW: -0.5 }), 3);
    expect(line).toBe('3\tseg\\t7\t1764500000123\t-0.5\t0\t7000\t0\t\\N\t5800\t100000\t20000\t0\t1\n');
  });

  it('writes every value in TELEMETRY_COLUMNS order, as String() prints it', () => {
    const value = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(segmentIdChars, fc.nat(), value, value, value, fc.option(value), value, fc.nat(), (segmentId, ord, pvPowerW, evPowerW, meterImportWh, batterySocPct, lightsDimmingPct, evSessionsActive) => {
        const row = telemetryRow({ segmentId, pvPowerW, evPowerW, meterImportWh, batterySocPct, lightsDimmingPct, evSessionsActive });
        const [id, ...rest] = telemetryRowValues(row);
        const expected = [String(ord), escapeCopyText(String(id)), ...rest.map((v) => (v === null ? '\\N' : String(v)))].join('\t');
        expect(encodeCopyLine(row, ord)).toBe(`${expected}\n`);
      }),
    );
  });

  it('has exactly one field per staging column, and numbers parse back exactly', () => {
    fc.assert(
      fc.property(segmentIdChars, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.option(fc.double({ min: 0, max: 100, noNaN: true })), (segmentId, powerW, soc) => {
        const line = encodeCopyLine(telemetryRow({ segmentId, netPowerW: powerW, batterySocPct: soc }), 0);
        expect(line.endsWith('\n')).toBe(true);
        const fields = line.slice(0, -1).split('\t');
        expect(fields).toHaveLength(STAGING_COLUMNS.length);
        expect(unescapeCopyText(fields[1])).toBe(segmentId);
        // === rather than toBe: -0 prints as "0", and float8 does not distinguish them for our purposes.
        expect(Number(fields[STAGING_COLUMNS.indexOf('net_power_w')]) === powerW).toBe(true);
        expect(fields[STAGING_COLUMNS.indexOf('battery_soc_pct')]).toBe(soc === null ? '\\N' : String(soc));
      }),
    );
  });
});

describe('encodeCopyChunks', () => {
  it('yields every row once, in order, in chunks of the requested size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 7 }), (count, perChunk) => {
        const rows = Array.from({ length: count }, (_, i) => telemetryRow({ ts: i }));
        const chunks = [...encodeCopyChunks(rows, perChunk)];
        expect(chunks).toHaveLength(Math.ceil(count / perChunk));
        const lines = chunks.join('').split('\n').slice(0, -1);
        expect(lines.map((line) => Number(line.split('\t')[0]))).toEqual(rows.map((_, i) => i));
      }),
    );
  });
});
