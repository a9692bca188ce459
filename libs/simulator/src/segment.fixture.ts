/** Small factories for the simulator's tests: a segment with every device, and setpoints. */
import { create } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { EvCurrentType, SegmentKind, SegmentSchema, SegmentSetpointSchema } from '@trottoir/contracts';
import type { Segment, SegmentSetpoint } from '@trottoir/contracts';

export const LYON = { latDeg: 45.7578, lonDeg: 4.832 };

type SegmentInit = Omit<Exclude<MessageInitShape<typeof SegmentSchema>, Segment>, 'battery'> & { battery?: MessageInitShape<typeof SegmentSchema>['battery'] | null };

/** A car park with PV, four lights, two AC and one DC connector and a battery; `battery: null` removes it. */
export function aSegment(overrides: SegmentInit = {}): Segment {
  const { battery, ...rest } = overrides;
  return create(SegmentSchema, {
    segmentId: 'seg-1',
    gridNodeId: 'lv-1',
    kind: SegmentKind.CAR_PARK,
    location: { latDeg: LYON.latDeg, lonDeg: LYON.lonDeg },
    commissionedAt: Date.UTC(2020, 0, 1),
    pv: { areaM2: 100, peakPowerW: 14_000, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: 12_000 },
    lighting: { count: 4, ratedPowerWEach: 60, minDimmingPct: 30 },
    evConnectors: [
      { connectorId: '1', maxPowerW: 22_000, current: EvCurrentType.AC },
      { connectorId: '2', maxPowerW: 22_000, current: EvCurrentType.AC },
      { connectorId: '3', maxPowerW: 50_000, current: EvCurrentType.DC },
    ],
    connectionPointId: '12345678901234',
    ...rest,
    ...(battery === null ? {} : { battery: battery ?? { capacityWh: 50_000, maxChargeW: 20_000, maxDischargeW: 20_000, socMinPct: 10, socMaxPct: 90 } }),
  });
}

/** `count` segments spread over a few kilometres around Lyon. */
export function aCity(count: number): Segment[] {
  return Array.from({ length: count }, (_, i) =>
    aSegment({
      segmentId: `seg-${i}`,
      kind: [SegmentKind.URBAN_STREET, SegmentKind.RURAL_ROAD, SegmentKind.CAR_PARK][i % 3],
      location: { latDeg: LYON.latDeg + ((i % 7) - 3) * 0.01, lonDeg: LYON.lonDeg + ((i % 11) - 5) * 0.01 },
    }),
  );
}

export function aSetpoint(overrides: Partial<Omit<SegmentSetpoint, '$typeName'>> = {}): SegmentSetpoint {
  return create(SegmentSetpointSchema, { segmentId: 'seg-1', ts: 0, validUntil: Number.MAX_SAFE_INTEGER, setpointId: 'sp-1', ...overrides });
}
