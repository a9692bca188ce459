// The row shape the telemetry writer stores: one validated sample of one segment at one instant.
// Units are in the names; `ts` is epoch milliseconds UTC; import is positive, export negative.

export interface TelemetryRow {
  readonly segmentId: string;
  readonly ts: number;
  readonly pvPowerW: number;
  readonly lightsPowerW: number;
  readonly evPowerW: number;
  readonly batteryPowerW: number;
  readonly batterySocPct: number | null;
  readonly netPowerW: number;
  readonly meterImportWh: number;
  readonly meterExportWh: number;
  readonly lightsDimmingPct: number;
  readonly evSessionsActive: number;
}

/** Columns of `telemetry` written by the writer, in the order both encoders use. */
export const TELEMETRY_COLUMNS = [
  'segment_id',
  'ts',
  'pv_power_w',
  'lights_power_w',
  'ev_power_w',
  'battery_power_w',
  'battery_soc_pct',
  'net_power_w',
  'meter_import_wh',
  'meter_export_wh',
  'lights_dimming_pct',
  'ev_sessions_active',
] as const;

/** Values of a row in `TELEMETRY_COLUMNS` order (ts still epoch ms). */
export function telemetryRowValues(row: TelemetryRow): (string | number | null)[] {
  return [
    row.segmentId,
    row.ts,
    row.pvPowerW,
    row.lightsPowerW,
    row.evPowerW,
    row.batteryPowerW,
    row.batterySocPct,
    row.netPowerW,
    row.meterImportWh,
    row.meterExportWh,
    row.lightsDimmingPct,
    row.evSessionsActive,
  ];
}

/** A row the database would reject or silently corrupt (NaN averages); raised before any I/O. */
export class InvalidTelemetryRowError extends Error {
  constructor(
    readonly segmentId: string,
    readonly ts: number,
    readonly reason: string,
  ) {
    super(`invalid telemetry row ${segmentId}@${ts}: ${reason}`);
    this.name = 'InvalidTelemetryRowError';
  }
}

const FINITE_FIELDS = [
  'pvPowerW',
  'lightsPowerW',
  'evPowerW',
  'batteryPowerW',
  'netPowerW',
  'meterImportWh',
  'meterExportWh',
  'lightsDimmingPct',
] as const;

/** Checks what the column types need; plausibility is the ingestion service's business. */
export function assertStorableRow(row: TelemetryRow): void {
  const fail = (reason: string): never => {
    throw new InvalidTelemetryRowError(row.segmentId, row.ts, reason);
  };
  if (row.segmentId.length === 0) fail('empty segmentId');
  if (!Number.isSafeInteger(row.ts)) fail('ts must be an integer epoch ms');
  for (const field of FINITE_FIELDS) if (!Number.isFinite(row[field])) fail(`${field} must be finite`);
  if (row.batterySocPct !== null && !Number.isFinite(row.batterySocPct)) fail('batterySocPct must be finite or null');
  if (!Number.isInteger(row.evSessionsActive) || Math.abs(row.evSessionsActive) > 2_147_483_647) {
    fail('evSessionsActive must be a 32-bit integer');
  }
}
