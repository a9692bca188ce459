/**
 * Test fixture: the small grid of the node-state specs and the readings whose sums they work out by
 * hand, the same for the unit spec on the in-memory rollups and the integration spec on PostgreSQL.
 * PS ─ MV1 ─ SS1 ─ LV1 (s1, s2), LV2 (s3); MV1 ─ SS2 ─ LV3 (s4 stale, s5 offline, s6 never reported),
 * at 12:01:10 on 30 November 2026. Ids carry a suffix so that specs sharing a database do not meet.
 */
import { create } from '@bufbuild/protobuf';
import type { GridNode, Segment } from '@trottoir/contracts';
import { GridNodeKind, GridNodeSchema, SegmentSchema } from '@trottoir/contracts';
import type { TelemetryRow } from '@trottoir/persistence';

import type { StoredReading } from './minute-rollups.in-memory';

export const at = (hour: number, minute: number, second = 0) => Date.UTC(2026, 10, 30, hour, minute, second);

/** A full telemetry row of a reading: what the node state does not read is zero. */
export function telemetryRow(reading: StoredReading, evPowerW = reading.evPowerW ?? 0): TelemetryRow {
  const { segmentId, ts, pvPowerW, netPowerW } = reading;
  return {
    segmentId,
    ts,
    pvPowerW,
    lightsPowerW: reading.lightsPowerW ?? 0,
    evPowerW,
    batteryPowerW: reading.batteryPowerW ?? 0,
    batterySocPct: reading.batterySocPct ?? null,
    netPowerW,
    meterImportWh: 0,
    meterExportWh: 0,
    lightsDimmingPct: 0,
    evSessionsActive: 0,
  };
}

export interface SmallGrid {
  /** The id of a node or segment of this grid by its short name ('LV1', 's2'). */
  id(name: string): string;
  readonly nodes: GridNode[];
  readonly segments: Segment[];
  reading(segment: string, ts: number, values: { pv: number; net: number; ev?: number }): TelemetryRow;
  /** The readings stored before the first cycle, at 12:01:10. */
  readonly firstReadings: TelemetryRow[];
}

export function smallGrid(suffix: string): SmallGrid {
  const id = (name: string) => `${name}-${suffix}`;
  const nodes = [
    ['PS', '', GridNodeKind.PRIMARY_SUBSTATION],
    ['MV1', 'PS', GridNodeKind.MV_FEEDER],
    ['SS1', 'MV1', GridNodeKind.SECONDARY_SUBSTATION],
    ['SS2', 'MV1', GridNodeKind.SECONDARY_SUBSTATION],
    ['LV1', 'SS1', GridNodeKind.LV_FEEDER],
    ['LV2', 'SS1', GridNodeKind.LV_FEEDER],
    ['LV3', 'SS2', GridNodeKind.LV_FEEDER],
  ].map(([nodeId, parentId, kind]) =>
    create(GridNodeSchema, { nodeId: id(nodeId as string), parentId: parentId ? id(parentId as string) : '', kind: kind as GridNodeKind, ratedLimitW: 400_000 }),
  );
  const segments = [
    ['s1', 'LV1'],
    ['s2', 'LV1'],
    ['s3', 'LV2'],
    ['s4', 'LV3'],
    ['s5', 'LV3'],
    ['s6', 'LV3'],
  ].map(([segmentId, gridNodeId]) => create(SegmentSchema, { segmentId: id(segmentId), gridNodeId: id(gridNodeId), commissionedAt: at(0, 0), pv: { peakPowerW: 3000 } }));

  const reading = (segment: string, ts: number, values: { pv: number; net: number; ev?: number }): TelemetryRow =>
    telemetryRow({ segmentId: id(segment), ts, pvPowerW: values.pv, netPowerW: values.net }, values.ev);

  const firstReadings = [
    // The minute 12:00: s1 two readings (mean PV 1100 W, net −700 W), s2 one (PV 0, net 300), s3 charging an EV.
    reading('s1', at(12, 0, 0), { pv: 1000, net: -600 }),
    reading('s1', at(12, 0, 30), { pv: 1200, net: -800 }),
    reading('s2', at(12, 0, 15), { pv: 0, net: 300 }),
    reading('s3', at(12, 0, 20), { pv: 500, net: 6500, ev: 7000 }),
    // The minute in progress is not the interval, but it keeps s1 online.
    reading('s1', at(12, 1, 5), { pv: 5000, net: 5000 }),
    // s2 earlier in the hour: the late row below lands in this minute.
    reading('s2', at(11, 30, 0), { pv: 0, net: 100 }),
    // s4 last heard at 11:57:30 (4 min ago: stale); s5 at 11:40 (21 min ago: offline); s6 never.
    reading('s4', at(11, 57, 30), { pv: 50, net: 50 }),
    reading('s5', at(11, 40, 0), { pv: 70, net: 70 }),
  ];
  return { id, nodes, segments, reading, firstReadings };
}
