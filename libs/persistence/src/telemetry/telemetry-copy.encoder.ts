// Encodes telemetry rows as PostgreSQL COPY text format (tab-separated, `\N` for null) for the
// staging table. Text format keeps the encoder small and exact: JS numbers print as shortest
// round-trip decimals, which float8 parses back to the same double.
import type { TelemetryRow } from './telemetry-row';
import { TELEMETRY_COLUMNS, telemetryRowValues } from './telemetry-row';

/** Staging columns: the telemetry columns with `ts` as epoch ms, plus the row's position in the batch. */
export const STAGING_COLUMNS: readonly string[] = ['ord', 'segment_id', 'ts_ms', ...TELEMETRY_COLUMNS.slice(2)];

/** Escapes a text field for COPY text format: backslash, and the delimiter and line breaks it would split on. */
export function escapeCopyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'));
}

/** One COPY text line (with trailing newline) for a row at position `ord`; rows must pass `assertStorableRow`. */
export function encodeCopyLine(row: TelemetryRow, ord: number): string {
  const [segmentId, ...rest] = telemetryRowValues(row);
  const fields = [String(ord), escapeCopyText(String(segmentId))];
  for (const value of rest) fields.push(value === null ? '\\N' : String(value));
  return `${fields.join('\t')}\n`;
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
