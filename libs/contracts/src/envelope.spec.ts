import { EnvelopeError, envelopeHeaders, readEnvelope } from './envelope';
import type { Envelope } from './envelope';
import { T0 } from './messages.fixture';

const envelope: Envelope = {
  id: '0b7c6c9e-5f4a-4d8e-9a57-3c1b2d4e5f60',
  type: 'trottoir.telemetry.v1.SegmentTelemetry',
  source: 'trottoir/simulator',
  time: T0 + 123,
  key: 'seg-0001',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'vendor=1',
  contentType: 'application/protobuf',
};

describe('envelope header mapping', () => {
  it('writes CloudEvents Kafka-binding headers, the key staying out of them', () => {
    expect(envelopeHeaders(envelope)).toEqual({
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_type: envelope.type,
      ce_source: 'trottoir/simulator',
      ce_time: '2025-06-01T12:00:00.123Z',
      'content-type': 'application/protobuf',
      traceparent: envelope.traceparent,
      tracestate: 'vendor=1',
    });
  });

  it('leaves empty trace context out', () => {
    const headers = envelopeHeaders({ ...envelope, traceparent: '', tracestate: '' });
    expect(headers).not.toHaveProperty('traceparent');
    expect(headers).not.toHaveProperty('tracestate');
  });

  it('reads back what it wrote, with the record key as envelope key', () => {
    expect(readEnvelope(envelopeHeaders(envelope), 'seg-0001')).toEqual(envelope);
  });

  it('accepts the HTTP binding\'s ce- prefix', () => {
    const headers = { 'ce-id': 'a', 'ce-type': 't', 'ce-source': 's', 'ce-time': '2025-06-01T12:00:00Z', 'content-type': 'application/json' };
    expect(readEnvelope(headers, 'k')).toEqual({
      id: 'a',
      type: 't',
      source: 's',
      time: T0,
      key: 'k',
      contentType: 'application/json',
      traceparent: '',
      tracestate: '',
    });
  });

  it.each(['ce_id', 'ce_type', 'ce_source', 'ce_time', 'content-type'])('fails with a typed error when %s is missing', (header) => {
    const headers: Record<string, string | undefined> = { ...envelopeHeaders(envelope), [header]: undefined };
    expect.assertions(3);
    try {
      readEnvelope(headers);
    } catch (error) {
      expect(error).toBeInstanceOf(EnvelopeError);
      expect((error as EnvelopeError).header).toBe(header);
      expect((error as EnvelopeError).problem).toBe('missing');
    }
  });

  it('rejects a time that is not a date and an unknown spec version', () => {
    expect(() => readEnvelope({ ...envelopeHeaders(envelope), ce_time: 'yesterday' })).toThrow(new EnvelopeError('ce_time', 'invalid'));
    expect(() => readEnvelope({ ...envelopeHeaders(envelope), ce_specversion: '0.3' })).toThrow(EnvelopeError);
  });
});
