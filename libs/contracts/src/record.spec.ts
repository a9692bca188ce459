import { create } from '@bufbuild/protobuf';

import { ContractDecodeError, encodeJson } from './codec';
import { DEAD_LETTER_HEADERS, deadLetterRecord, parseDeadLetterReason, readDeadLetter } from './dead-letter';
import { EnvelopeError } from './envelope';
import { DeadLetterReason, DeadLetterSchema } from './gen/trottoir/telemetry/v1/dead_letter_pb';
import { SegmentTelemetrySchema } from './gen/trottoir/telemetry/v1/segment_telemetry_pb';
import { aDeadLetter, aReading, aSegment, T0 } from './messages.fixture';
import { fromRecord, toRecord } from './record';
import { topics } from './topics';

const options = { source: 'trottoir/simulator', time: T0, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };

describe('typed records', () => {
  it('publishes a message with its registry key, protobuf value and envelope, and reads it back', () => {
    const reading = aReading({ segmentId: 'seg-7' });
    const record = toRecord(topics.telemetryRaw, reading, { ...options, id: 'e1' });
    expect(record.key).toBe('seg-7');
    expect(record.timestampMs).toBe(T0);
    expect(record.headers).toMatchObject({ ce_id: 'e1', ce_type: 'trottoir.telemetry.v1.SegmentTelemetry', ce_source: 'trottoir/simulator' });
    const decoded = fromRecord(topics.telemetryRaw, record);
    expect(decoded.message).toEqual(reading);
    expect(decoded.envelope).toMatchObject({ id: 'e1', key: 'seg-7', time: T0, traceparent: options.traceparent });
  });

  it('gives each event its own id unless one is given', () => {
    const first = toRecord(topics.fleetSegment, aSegment(), options);
    const second = toRecord(topics.fleetSegment, aSegment(), options);
    expect(first.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers.ce_id).not.toBe(second.headers.ce_id);
  });

  it('refuses a record whose envelope announces another message type', () => {
    const record = toRecord(topics.fleetSegment, aSegment(), options);
    expect(() => fromRecord(topics.telemetryRaw, record)).toThrow(new EnvelopeError('ce_type', 'invalid'));
  });

  it('decodes a JSON value when the envelope says so, rejecting unknown fields', () => {
    const record = toRecord(topics.telemetryRaw, aReading(), options);
    const json = { ...record, headers: { ...record.headers, 'content-type': 'application/json' } };
    const value = new TextEncoder().encode(encodeJson(SegmentTelemetrySchema, aReading()));
    expect(fromRecord(topics.telemetryRaw, { ...json, value }).message).toEqual(aReading());
    const bad = new TextEncoder().encode('{"segmentId":"s","pvPowerKw":1}');
    expect(() => fromRecord(topics.telemetryRaw, { ...json, value: bad })).toThrow(ContractDecodeError);
  });

  it('does not encode onto the dead-letter topic, whose values are original bytes', () => {
    expect(() => toRecord(topics.telemetryDlq, aDeadLetter(), options)).toThrow(TypeError);
  });
});

describe('dead letters', () => {
  it('keep the original key, bytes and headers, and add the reason', () => {
    const deadLetter = aDeadLetter();
    const record = deadLetterRecord(deadLetter);
    expect(record.key).toBe('seg-0001');
    expect(record.value).toEqual(deadLetter.originalValue);
    expect(record.headers).toMatchObject({
      ...deadLetter.originalHeaders,
      [DEAD_LETTER_HEADERS.reason]: 'OUT_OF_RANGE',
      [DEAD_LETTER_HEADERS.originalTopic]: 'telemetry.raw.v1',
      [DEAD_LETTER_HEADERS.failedAt]: '2025-06-01T12:00:01.500Z',
    });
  });

  it('read back into the DeadLetter record', () => {
    expect(readDeadLetter(deadLetterRecord(aDeadLetter()))).toEqual(aDeadLetter());
  });

  it('read what the messaging helper writes, keeping a code outside the enum in the detail', () => {
    const headers = {
      'content-type': 'application/protobuf',
      'dlq-reason-code': 'INVALID_TELEMETRY',
      'dlq-reason-detail': 'ts in the future',
      'dlq-original-topic': 'telemetry.raw.v1',
      'dlq-original-partition': '3',
      'dlq-original-offset': '42',
      'dlq-source': 'ingestion',
      'dlq-failed-at': '2025-06-01T12:00:00.000Z',
    };
    expect(readDeadLetter({ key: 'seg-1', value: new Uint8Array([9]), headers })).toEqual(
      create(DeadLetterSchema, {
        originalTopic: 'telemetry.raw.v1',
        originalKey: 'seg-1',
        originalValue: new Uint8Array([9]),
        originalHeaders: { 'content-type': 'application/protobuf' },
        reasonCode: DeadLetterReason.UNSPECIFIED,
        reasonDetail: 'INVALID_TELEMETRY: ts in the future',
        failedAt: T0,
        source: 'ingestion',
      }),
    );
  });

  it('read a record without dlq headers as an unspecified reason', () => {
    const deadLetter = readDeadLetter({ key: 'k', value: new Uint8Array([1]), headers: { ce_id: 'x' } });
    expect(deadLetter).toEqual(
      create(DeadLetterSchema, { originalKey: 'k', originalValue: new Uint8Array([1]), originalHeaders: { ce_id: 'x' } }),
    );
    expect(parseDeadLetterReason('NOT_A_REASON')).toBe(DeadLetterReason.UNSPECIFIED);
    expect(parseDeadLetterReason('toString')).toBe(DeadLetterReason.UNSPECIFIED);
    expect(parseDeadLetterReason('CLOCK_SKEW')).toBe(DeadLetterReason.CLOCK_SKEW);
  });
});
