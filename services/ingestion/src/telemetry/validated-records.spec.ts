import { create, toBinary } from '@bufbuild/protobuf';
import { decodeBinary, ENVELOPE_HEADERS, readEnvelope, TelemetryBatchSchema, toRecord, topics } from '@trottoir/contracts';
import fc from 'fast-check';

import { protobufBytes, reading } from './testing/telemetry.fixtures';
import { encodeTelemetryBatch, validatedRecords } from './validated-records';

const TIME = Date.UTC(2026, 5, 21, 12);
const batchOf = (...readings: ReturnType<typeof reading>[]) => create(TelemetryBatchSchema, { readings });

describe('validatedRecords', () => {
  it('given protobuf arrivals, when republished, then one TelemetryBatch record carries them with the envelope publishEvents would give', () => {
    const values = [reading('seg-1', TIME - 1_000), reading('seg-2', TIME - 900, { batterySocPct: undefined }), reading('seg-1', TIME - 800)];
    const records = validatedRecords(values.map((v) => ({ reading: v, protobuf: protobufBytes(v) })), 'trottoir/ingestion', TIME);
    const expected = toRecord(topics.telemetryValidated, batchOf(...values), { source: 'trottoir/ingestion', time: TIME });
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record.value).toEqual(expected.value);
    expect(record.key).toBe(expected.key);
    expect(record.key).toBe('seg-1');
    expect(record.timestampMs).toBe(TIME);
    expect({ ...record.headers, [ENVELOPE_HEADERS.id]: 'x' }).toEqual({ ...expected.headers, [ENVELOPE_HEADERS.id]: 'x' });
    expect(readEnvelope(record.headers ?? {}, record.key).type).toBe('trottoir.telemetry.v1.TelemetryBatch');
  });

  it('given JSON arrivals, when republished, then they are encoded as protobuf into the batch', () => {
    const values = [reading('seg-1', TIME - 2_000, { pvPowerW: 1_234 }), reading('seg-2', TIME - 1_000)];
    const [record] = validatedRecords(values.map((v) => ({ reading: v, protobuf: undefined })), 'trottoir/ingestion', TIME);
    expect(decodeBinary(topics.telemetryValidated.schema, record.value).readings).toEqual(values);
  });

  it('given more readings than a record holds, when republished, then they are split in order, each record keyed by its first reading and with its own event id', () => {
    const values = Array.from({ length: 10 }, (_, i) => reading(`seg-${i}`, TIME - 1_000 + i));
    const oneReading = protobufBytes(values[0]).length + 2;
    const records = validatedRecords(values.map((v) => ({ reading: v, protobuf: protobufBytes(v) })), 'trottoir/ingestion', TIME, 3 * oneReading);
    expect(records.map((r) => decodeBinary(topics.telemetryValidated.schema, r.value).readings.length)).toEqual([3, 3, 3, 1]);
    expect(records.flatMap((r) => decodeBinary(topics.telemetryValidated.schema, r.value).readings)).toEqual(values);
    expect(records.map((r) => r.key)).toEqual(['seg-0', 'seg-3', 'seg-6', 'seg-9']);
    expect(new Set(records.map((r) => r.headers?.[ENVELOPE_HEADERS.id])).size).toBe(4);
  });

  it('given no valid reading, when republished, then there is no record', () => {
    expect(validatedRecords([], 'trottoir/ingestion', TIME)).toEqual([]);
  });
});

describe('encodeTelemetryBatch', () => {
  it('writes what protobuf-es writes for the same readings, whatever their sizes (varint lengths of 1 to 3 bytes)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20_000 }), { maxLength: 6 }), (ids) => {
        const values = ids.map((id, i) => reading(id, TIME + i));
        expect(encodeTelemetryBatch(values.map(protobufBytes))).toEqual(toBinary(TelemetryBatchSchema, batchOf(...values)));
      }),
      { numRuns: 50 },
    );
  });
});
