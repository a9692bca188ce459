/** The fast SegmentTelemetry and TelemetryBatch decoders give what protobuf-es gives, or hand over to it. */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';

import { decodeBinary } from './codec';
import { SegmentTelemetrySchema, TelemetryBatchSchema } from './gen/trottoir/telemetry/v1/segment_telemetry_pb';
import { decodeSegmentTelemetry, decodeTelemetryBatch } from './segment-telemetry-wire';

const reading = fc.record(
  {
    segmentId: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 5 }), fc.string({ minLength: 120, maxLength: 140 })),
    ts: fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.double()),
    pvPowerW: fc.double(),
    lightsPowerW: fc.double(),
    evPowerW: fc.double(),
    batteryPowerW: fc.double(),
    batterySocPct: fc.double(),
    netPowerW: fc.double(),
    meterImportWh: fc.double(),
    meterExportWh: fc.double(),
    lightsDimmingPct: fc.double(),
    evSessionsActive: fc.oneof(fc.nat(300), fc.nat()),
  },
  { requiredKeys: [] },
);

/** Extra bytes after a message: other fields (unknown to the schema) or a field again (last one wins). */
const tail = fc.oneof(
  fc.constant(new Uint8Array()),
  fc.uint8Array({ maxLength: 12 }),
  fc.constantFrom(Uint8Array.of(0x68, 0x05), Uint8Array.of(0x98, 0x01, 0x01), Uint8Array.of(0x60, 0xff, 0xff, 0xff, 0xff, 0x0f), Uint8Array.of(0x60, 0xff, 0xff, 0xff, 0xff, 0x1f)),
);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function outcome(decode: () => unknown): unknown {
  try {
    return { ok: decode() };
  } catch {
    return 'throws';
  }
}

describe('decodeSegmentTelemetry', () => {
  it('equals fromBinary, unknown fields, repeats and garbage included, or leaves the message to it', () => {
    fc.assert(
      fc.property(reading, tail, (fields, extra) => {
        const bytes = concat(toBinary(SegmentTelemetrySchema, create(SegmentTelemetrySchema, fields)), extra);
        const fast = decodeSegmentTelemetry(bytes);
        if (fast !== undefined) expect(fast).toStrictEqual(fromBinary(SegmentTelemetrySchema, bytes));
        const viaCodec = outcome(() => decodeBinary(SegmentTelemetrySchema, bytes));
        expect(viaCodec).toStrictEqual(outcome(() => fromBinary(SegmentTelemetrySchema, bytes)));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes a typical reading itself, and hands over an unknown field', () => {
    const message = create(SegmentTelemetrySchema, { segmentId: 'seg-000042', ts: 1_764_000_000_000, pvPowerW: 312.5, batterySocPct: 0, evSessionsActive: 2 });
    const bytes = toBinary(SegmentTelemetrySchema, message);
    expect(decodeSegmentTelemetry(bytes)).toStrictEqual(message);
    const withUnknown = concat(bytes, Uint8Array.of(0x68, 0x05));
    expect(decodeSegmentTelemetry(withUnknown)).toBeUndefined();
    expect(decodeBinary(SegmentTelemetrySchema, withUnknown).$unknown).toHaveLength(1);
  });
});

describe('decodeTelemetryBatch', () => {
  it('equals fromBinary for batches of any readings, garbage after them included, or leaves the batch to it', () => {
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 5 }), fc.oneof(fc.constant(new Uint8Array()), tail), (readings, extra) => {
        const bytes = concat(toBinary(TelemetryBatchSchema, create(TelemetryBatchSchema, { readings: readings.map((fields) => create(SegmentTelemetrySchema, fields)) })), extra);
        const fast = decodeTelemetryBatch(bytes);
        if (fast !== undefined) expect(fast).toStrictEqual(fromBinary(TelemetryBatchSchema, bytes));
        expect(outcome(() => decodeBinary(TelemetryBatchSchema, bytes))).toStrictEqual(outcome(() => fromBinary(TelemetryBatchSchema, bytes)));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes a batch of typical readings itself', () => {
    const batch = create(TelemetryBatchSchema, { readings: [create(SegmentTelemetrySchema, { segmentId: 'seg-1', ts: 1 }), create(SegmentTelemetrySchema, { segmentId: 'seg-2', ts: 2, batterySocPct: 40 })] });
    expect(decodeTelemetryBatch(toBinary(TelemetryBatchSchema, batch))).toStrictEqual(batch);
  });
});
