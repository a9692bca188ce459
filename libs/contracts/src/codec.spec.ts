import { create } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import fc from 'fast-check';

import { ContractDecodeError, decodeBinary, decodeJson, encodeBinary, encodeJson } from './codec';
import { DeadLetterSchema } from './gen/trottoir/telemetry/v1/dead_letter_pb';
import { SegmentTelemetrySchema, TelemetryBatchSchema } from './gen/trottoir/telemetry/v1/segment_telemetry_pb';
import { SegmentSchema } from './gen/trottoir/fleet/v1/segment_pb';
import { GridNodeSchema } from './gen/trottoir/grid/v1/grid_node_pb';
import { GridNodeStateSchema } from './gen/trottoir/grid/v1/node_state_pb';
import { EnvelopeMetaSchema } from './gen/trottoir/common/v1/envelope_pb';
import { aBatch, aDeadLetter, aGridNode, aNodeState, aReading, aSegment, anEnvelopeMeta, T0 } from './messages.fixture';

const cases: [string, DescMessage, () => MessageShape<DescMessage>][] = [
  ['SegmentTelemetry', SegmentTelemetrySchema, aReading],
  ['TelemetryBatch', TelemetryBatchSchema, aBatch],
  ['DeadLetter', DeadLetterSchema, aDeadLetter],
  ['Segment', SegmentSchema, aSegment],
  ['GridNode', GridNodeSchema, aGridNode],
  ['GridNodeState', GridNodeStateSchema, aNodeState],
  ['EnvelopeMeta', EnvelopeMetaSchema, anEnvelopeMeta],
];

describe.each(cases)('%s', (_name, schema, make) => {
  it('round-trips through the protobuf binary encoding', () => {
    const message = make();
    expect(decodeBinary(schema, encodeBinary(schema, message))).toEqual(message);
  });

  it('round-trips through the proto3 JSON mapping', () => {
    const message = make();
    expect(decodeJson(schema, encodeJson(schema, message))).toEqual(message);
  });

  it('rejects an unknown JSON field with a typed error', () => {
    const json = { ...JSON.parse(encodeJson(schema, make())), notAField: 1 };
    const decode = () => decodeJson(schema, JSON.stringify(json));
    expect(decode).toThrow(ContractDecodeError);
    expect(decode).toThrow(/notAField/);
  });
});

describe('SegmentTelemetry JSON at the edges', () => {
  it('uses camelCase names, a numeric ts and every field, zeros included', () => {
    const json = JSON.parse(encodeJson(SegmentTelemetrySchema, aReading({ lightsPowerW: 0 })));
    expect(json).toMatchObject({ segmentId: 'seg-0001', ts: T0, lightsPowerW: 0, batterySocPct: 64.2 });
    expect(typeof aReading().ts).toBe('number');
  });

  it('keeps an optional field absent when it was not reported', () => {
    const reading = decodeJson(SegmentTelemetrySchema, JSON.stringify({ segmentId: 's', ts: T0 }));
    expect(reading.batterySocPct).toBeUndefined();
    expect(reading.lightsDimmingPct).toBeUndefined();
    expect(JSON.parse(encodeJson(SegmentTelemetrySchema, reading))).not.toHaveProperty('batterySocPct');
  });

  it('says which type and format failed for text that is not JSON', () => {
    expect.assertions(3);
    try {
      decodeJson(SegmentTelemetrySchema, '{"segmentId":');
    } catch (error) {
      expect(error).toBeInstanceOf(ContractDecodeError);
      expect((error as ContractDecodeError).typeName).toBe('trottoir.telemetry.v1.SegmentTelemetry');
      expect((error as ContractDecodeError).format).toBe('json');
    }
  });

  it('rejects a field of the wrong JSON type', () => {
    expect(() => decodeJson(SegmentTelemetrySchema, '{"pvPowerW": "lots"}')).toThrow(ContractDecodeError);
  });

  it('round-trips any reading, binary and JSON', () => {
    const power = fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value));
    const reading = fc.record({
      segmentId: fc.string(),
      ts: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      pvPowerW: power,
      netPowerW: power,
      batterySocPct: fc.option(fc.double({ min: 0, max: 100, noNaN: true }).map((value) => (Object.is(value, -0) ? 0 : value)), { nil: undefined }),
      evSessionsActive: fc.nat({ max: 0xffffffff }),
    });
    fc.assert(
      fc.property(reading, (init) => {
        const message = create(SegmentTelemetrySchema, init);
        expect(decodeBinary(SegmentTelemetrySchema, encodeBinary(SegmentTelemetrySchema, message))).toEqual(message);
        expect(decodeJson(SegmentTelemetrySchema, encodeJson(SegmentTelemetrySchema, message))).toEqual(message);
      }),
    );
  });
});

describe('binary decoding', () => {
  it('fails with a typed error on bytes that are not the message', () => {
    const decode = () => decodeBinary(SegmentTelemetrySchema, new Uint8Array([0x0a, 0x05, 0x61]));
    expect(decode).toThrow(ContractDecodeError);
    expect(decode).toThrow(/from binary/);
  });
});
