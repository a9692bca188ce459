// Encodes telemetry rows as PostgreSQL COPY text format (tab-separated, `\N` for null) for the
// staging table. Text format keeps the encoder small and exact: JS numbers print as shortest
// round-trip decimals, which float8 parses back to the same double.
import type { TelemetryRow } from './telemetry-row';
import { TELEMETRY_COLUMNS } from './telemetry-row';

/** Staging columns: the telemetry columns with `ts` as epoch ms, plus the row's position in the batch. */
export const STAGING_COLUMNS: readonly string[] = ['ord', 'segment_id', 'ts_ms', ...TELEMETRY_COLUMNS.slice(2)];

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** Escapes a text field for COPY text format: backslash, and the delimiter and line breaks it would split on. */
export function escapeCopyText(value: string): string {
  // Segment ids almost never need it: test first, so the common case allocates nothing.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
}

/**
 * One COPY text line (with trailing newline) for a row at position `ord`; rows must pass `assertStorableRow`.
 * One template, fields in `TELEMETRY_COLUMNS` order (numbers print as `String(n)` does): the hot path of
 * every stored reading, so no per-row arrays of values and fields to join.
 */
export function encodeCopyLine(row: TelemetryRow, ord: number): string {
  const soc = row.batterySocPct === null ? '\\N' : row.batterySocPct;
  return `${ord}\t${escapeCopyText(row.segmentId)}\t${row.ts}\t${row.pvPowerW}\t${row.lightsPowerW}\t${row.evPowerW}\t${row.batteryPowerW}\t${soc}\t${row.netPowerW}\t${row.meterImportWh}\t${row.meterExportWh}\t${row.lightsDimmingPct}\t${row.evSessionsActive}\n`;
}

/** Yields the batch as COPY text in chunks of `rowsPerChunk` lines, so a big batch is never one huge string. */
export function* encodeCopyChunks(rows: readonly TelemetryRow[], rowsPerChunk = 1000): Generator<string> {
  for (let start = 0; start < rows.length; start += rowsPerChunk) {
    let chunk = '';
    const end = Math.min(rows.length, start + rowsPerChunk);
    for (let i = start; i < end; i += 1) chunk += encodeCopyLine(rows[i], i);
    yield chunk;
  }
}
