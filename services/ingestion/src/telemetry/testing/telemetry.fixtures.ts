/** Test helpers for the telemetry pipeline: an in-memory segment registry and raw-message builders. */
import { create, toBinary } from '@bufbuild/protobuf';
import type { Segment, SegmentTelemetry } from '@trottoir/contracts';
import { encodeJson, SegmentKind, SegmentSchema, SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import type { ReceivedMessage } from '@trottoir/messaging';

import type { SegmentLookup } from '../../registry/segment-lookup.port';

export const COMMISSIONED_TS = Date.UTC(2025, 0, 1);
export const PEAK_POWER_W = 5_000;

export function segment(segmentId: string, overrides: Partial<Segment> = {}): Segment {
  const base = create(SegmentSchema, {
    segmentId,
    gridNodeId: 'lv-1',
    kind: SegmentKind.URBAN_STREET,
    commissionedAt: COMMISSIONED_TS,
    pv: { areaM2: 50, peakPowerW: PEAK_POWER_W, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: PEAK_POWER_W },
  });
  return { ...base, ...overrides };
}

export class InMemorySegmentLookup implements SegmentLookup {
  private readonly segments = new Map<string, Segment>();

  constructor(segments: readonly Segment[] = []) {
    for (const s of segments) this.segments.set(s.segmentId, s);
  }

  add(value: Segment): void {
    this.segments.set(value.segmentId, value);
  }

  find(segmentId: string): Segment | undefined {
    return this.segments.get(segmentId);
  }

  all(): readonly Segment[] {
    return [...this.segments.values()];
  }
}

export function reading(segmentId: string, ts: number, overrides: Partial<SegmentTelemetry> = {}): SegmentTelemetry {
  return create(SegmentTelemetrySchema, {
    segmentId,
    ts,
    pvPowerW: 2_500,
    lightsPowerW: 0,
    evPowerW: 0,
    batteryPowerW: 0,
    netPowerW: -2_500,
    meterImportWh: 1_000,
    meterExportWh: 2_000,
    evSessionsActive: 0,
    ...overrides,
  });
}

export function protobufBytes(value: SegmentTelemetry): Uint8Array {
  return toBinary(SegmentTelemetrySchema, value);
}

export function jsonBytes(value: SegmentTelemetry): Uint8Array {
  return new TextEncoder().encode(encodeJson(SegmentTelemetrySchema, value));
}

let offset = 0n;

export function received(key: string, value: Uint8Array, headers: Record<string, string> = {}): ReceivedMessage {
  offset += 1n;
  return { topic: topics.telemetryRaw.name, partition: 0, offset, key, value, headers, timestampMs: 0 };
}
