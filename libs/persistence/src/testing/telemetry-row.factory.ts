// Builds telemetry rows for specs and benchmarks: plausible defaults, override what the test is about.
import type { TelemetryRow } from '../telemetry/telemetry-row';

export function telemetryRow(overrides: Partial<TelemetryRow> = {}): TelemetryRow {
  return {
    segmentId: 'seg-1',
    ts: Date.UTC(2026, 10, 30, 12, 0, 0),
    pvPowerW: -1200,
    lightsPowerW: 0,
    evPowerW: 7000,
    batteryPowerW: 0,
    batterySocPct: 55,
    netPowerW: 5800,
    meterImportWh: 100_000,
    meterExportWh: 20_000,
    lightsDimmingPct: 0,
    evSessionsActive: 1,
    ...overrides,
  };
}
