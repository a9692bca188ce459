/** Test builders: a registered segment with realistic ratings and a reading that fits them. */
import { create } from '@bufbuild/protobuf';
import type { Segment, SegmentTelemetry } from '@trottoir/contracts';
import { SegmentKind, SegmentSchema, SegmentTelemetrySchema } from '@trottoir/contracts';

export const NOW_TS = Date.UTC(2026, 5, 21, 12, 0, 0);
export const COMMISSIONED_TS = Date.UTC(2025, 0, 1);

export function segmentFixture(overrides: Partial<Segment> = {}): Segment {
  const base = create(SegmentSchema, {
    segmentId: 'seg-1',
    gridNodeId: 'lv-1',
    kind: SegmentKind.URBAN_STREET,
    commissionedAt: COMMISSIONED_TS,
    pv: { areaM2: 50, peakPowerW: 5_000, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: 5_000 },
    lighting: { count: 4, ratedPowerWEach: 60, minDimmingPct: 20 },
    battery: { capacityWh: 10_000, maxChargeW: 3_000, maxDischargeW: 3_000, socMinPct: 10, socMaxPct: 90 },
  });
  return { ...base, ...overrides };
}

export function readingFixture(overrides: Partial<SegmentTelemetry> = {}): SegmentTelemetry {
  return create(SegmentTelemetrySchema, {
    segmentId: 'seg-1',
    ts: NOW_TS - 1_000,
    pvPowerW: 3_200,
    lightsPowerW: 0,
    evPowerW: 7_000,
    batteryPowerW: -500,
    batterySocPct: 55,
    netPowerW: 3_300,
    meterImportWh: 120_000,
    meterExportWh: 80_000,
    lightsDimmingPct: 0,
    evSessionsActive: 1,
    ...overrides,
  });
}
