// Builds the multi-row INSERT used by `writeWithInsert`, the baseline the COPY path is measured
// against. Pure so the placeholder arithmetic is tested without a database.
import type { TelemetryRow } from './telemetry-row';
import { TELEMETRY_COLUMNS, telemetryRowValues } from './telemetry-row';

/** PostgreSQL accepts at most 65535 bind parameters per statement. */
export const MAX_BIND_PARAMETERS = 65_535;
export const INSERT_COLUMN_COUNT = TELEMETRY_COLUMNS.length;
export const MAX_ROWS_PER_INSERT = Math.floor(MAX_BIND_PARAMETERS / INSERT_COLUMN_COUNT);

/** `ts` travels as epoch ms (bigint) and becomes a timestamptz exactly, with no float rounding. */
function rowTuple(firstParam: number): string {
  const params = TELEMETRY_COLUMNS.map((_, i) => `$${firstParam + i}`);
  params[1] = `timestamptz 'epoch' + ${params[1]}::bigint * interval '1 millisecond'`;
  return `(${params.join(', ')})`;
}

/** SQL for inserting `rowCount` rows, skipping (segment_id, ts) pairs that already exist. */
export function buildMultiRowInsertSql(rowCount: number): string {
  if (!Number.isInteger(rowCount) || rowCount < 1 || rowCount > MAX_ROWS_PER_INSERT) {
    throw new RangeError(`rowCount must be an integer in 1..${MAX_ROWS_PER_INSERT}, got ${rowCount}`);
  }
  const tuples: string[] = [];
  for (let i = 0; i < rowCount; i += 1) tuples.push(rowTuple(i * INSERT_COLUMN_COUNT + 1));
  return (
    `insert into telemetry (${TELEMETRY_COLUMNS.join(', ')}) values ${tuples.join(', ')} ` +
    'on conflict (segment_id, ts) do nothing'
  );
}

/** Bind parameters for `buildMultiRowInsertSql(rows.length)`, row after row; rows must pass `assertStorableRow`. */
export function multiRowInsertParams(rows: readonly TelemetryRow[]): (string | number | null)[] {
  const params: (string | number | null)[] = [];
  for (const row of rows) params.push(...telemetryRowValues(row));
  return params;
}
