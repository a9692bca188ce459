/**
 * Small factories of valid contract messages for this library's specs; each takes overrides so that a
 * test states only what it is about.
 */
import { create } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';

import { DeadLetterReason, DeadLetterSchema } from './gen/trottoir/telemetry/v1/dead_letter_pb';
import { SegmentTelemetrySchema, TelemetryBatchSchema } from './gen/trottoir/telemetry/v1/segment_telemetry_pb';
import { EvCurrentType, SegmentKind, SegmentSchema } from './gen/trottoir/fleet/v1/segment_pb';
import { GridNodeKind, GridNodeSchema } from './gen/trottoir/grid/v1/grid_node_pb';
import { GridNodeStateSchema } from './gen/trottoir/grid/v1/node_state_pb';
import { EnvelopeMetaSchema } from './gen/trottoir/common/v1/envelope_pb';

export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);

/** Field overrides of a message (plain values, no protobuf bookkeeping). */
type Overrides<Schema extends DescMessage> = Partial<Omit<MessageShape<Schema>, '$typeName' | '$unknown'>>;

export const aReading = (init: Overrides<typeof SegmentTelemetrySchema> = {}) =>
  create(SegmentTelemetrySchema, {
    segmentId: 'seg-0001',
    ts: T0,
    pvPowerW: 1830.5,
    lightsPowerW: 0,
    evPowerW: 7400,
    batteryPowerW: -500,
    batterySocPct: 64.2,
    netPowerW: 5069.5,
    meterImportWh: 1_234_567,
    meterExportWh: 987_654,
    evSessionsActive: 1,
    ...init,
  });

export const aBatch = () => create(TelemetryBatchSchema, { readings: [aReading(), aReading({ segmentId: 'seg-0002', batterySocPct: undefined })] });

export const aSegment = (init: Overrides<typeof SegmentSchema> = {}) =>
  create(SegmentSchema, {
    segmentId: 'seg-0001',
    gridNodeId: 'lv-0001',
    kind: SegmentKind.URBAN_STREET,
    location: { latDeg: 45.764, lonDeg: 4.8357 },
    commissionedAt: T0 - 86_400_000,
    pv: { areaM2: 40, peakPowerW: 5600, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: 5000 },
    lighting: { count: 4, ratedPowerWEach: 60, minDimmingPct: 30 },
    evConnectors: [
      { connectorId: '1', maxPowerW: 22_000, current: EvCurrentType.AC },
      { connectorId: '2', maxPowerW: 50_000, current: EvCurrentType.DC },
    ],
    battery: { capacityWh: 10_000, maxChargeW: 5000, maxDischargeW: 5000, socMinPct: 10, socMaxPct: 95 },
    connectionPointId: '30001234567890',
    ...init,
  });

export const aGridNode = (init: Overrides<typeof GridNodeSchema> = {}) =>
  create(GridNodeSchema, {
    nodeId: 'lv-0001',
    parentId: 'ss-0001',
    kind: GridNodeKind.LV_FEEDER,
    ratedLimitW: 250_000,
    dsoId: 'dso-lyon',
    name: 'Départ BT Vaise 1',
    ...init,
  });

export const aNodeState = (init: Overrides<typeof GridNodeStateSchema> = {}) =>
  create(GridNodeStateSchema, {
    nodeId: 'lv-0001',
    intervalStart: T0,
    intervalMs: 60_000,
    pvPowerW: 12_000,
    loadPowerW: 30_000,
    netPowerW: 18_000,
    segmentsReporting: 9,
    segmentsStale: 1,
    flexUpW: 4000,
    flexDownW: 15_000,
    computedAt: T0 + 61_000,
    ...init,
  });

export const aDeadLetter = () =>
  create(DeadLetterSchema, {
    originalTopic: 'telemetry.raw.v1',
    originalKey: 'seg-0001',
    originalValue: new Uint8Array([0x0a, 0x03, 0xff, 0x00]),
    originalHeaders: { ce_id: '8d2f1c4e-1111-4a6b-9c1d-2f0e8a7b6c5d', 'content-type': 'application/protobuf' },
    reasonCode: DeadLetterReason.OUT_OF_RANGE,
    reasonDetail: 'pvPowerW -5 < 0',
    failedAt: T0 + 1500,
    source: 'ingestion',
  });

export const anEnvelopeMeta = () =>
  create(EnvelopeMetaSchema, {
    id: '0b7c6c9e-5f4a-4d8e-9a57-3c1b2d4e5f60',
    type: 'trottoir.telemetry.v1.SegmentTelemetry',
    source: 'trottoir/simulator',
    time: T0,
    key: 'seg-0001',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    tracestate: '',
    contentType: 'application/protobuf',
  });
