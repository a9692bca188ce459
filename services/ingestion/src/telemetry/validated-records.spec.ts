import { decodeBinary, ENVELOPE_HEADERS, readEnvelope, toRecord, topics } from '@trottoir/contracts';

import { protobufBytes, reading } from './testing/telemetry.fixtures';
import { validatedRecords } from './validated-records';

const TIME = Date.UTC(2026, 5, 21, 12);

describe('validatedRecords', () => {
  it('given a protobuf arrival, when republished, then its original bytes go out with the envelope publishEvents would give', () => {
    const value = reading('seg-1', TIME - 1_000);
    const bytes = protobufBytes(value);
    const [record] = validatedRecords([{ reading: value, protobuf: bytes }], 'trottoir/ingestion', TIME);
    const expected = toRecord(topics.telemetryValidated, value, { source: 'trottoir/ingestion', time: TIME });
    expect(record.value).toBe(bytes);
    expect(record.key).toBe('seg-1');
    expect(record.timestampMs).toBe(TIME);
    expect({ ...record.headers, [ENVELOPE_HEADERS.id]: 'x' }).toEqual({ ...expected.headers, [ENVELOPE_HEADERS.id]: 'x' });
    expect(readEnvelope(record.headers ?? {}, record.key).type).toBe(topics.telemetryValidated.schema.typeName);
  });

  it('given a JSON arrival, when republished, then it is encoded as protobuf, and every record has its own event id', () => {
    const values = [reading('seg-1', TIME - 2_000, { pvPowerW: 1_234 }), reading('seg-2', TIME - 1_000)];
    const records = validatedRecords(values.map((v) => ({ reading: v, protobuf: undefined })), 'trottoir/ingestion', TIME);
    expect(decodeBinary(topics.telemetryValidated.schema, records[0].value)).toEqual(values[0]);
    expect(records[0].headers?.[ENVELOPE_HEADERS.id]).not.toBe(records[1].headers?.[ENVELOPE_HEADERS.id]);
  });
});
