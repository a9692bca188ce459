/** A validated reading as the row the telemetry writer stores. */
import type { SegmentTelemetry } from '@trottoir/contracts';
import type { TelemetryRow } from '@trottoir/persistence';

export function toTelemetryRow(reading: SegmentTelemetry): TelemetryRow {
  return {
    segmentId: reading.segmentId,
    ts: reading.ts,
    pvPowerW: reading.pvPowerW,
    lightsPowerW: reading.lightsPowerW,
    evPowerW: reading.evPowerW,
    batteryPowerW: reading.batteryPowerW,
    batterySocPct: reading.batterySocPct ?? null,
    netPowerW: reading.netPowerW,
    meterImportWh: reading.meterImportWh,
    meterExportWh: reading.meterExportWh,
    // The column is not nullable: a segment whose lights did not report is taken as undimmed (0 %).
    lightsDimmingPct: reading.lightsDimmingPct ?? 0,
    evSessionsActive: reading.evSessionsActive,
  };
}
