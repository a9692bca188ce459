import { create, toJsonString } from '@bufbuild/protobuf';
import type { Duration } from '@bufbuild/protobuf/wkt';
import { DurationSchema } from '@bufbuild/protobuf/wkt';
import type { TopicDefinition } from '@trottoir/contracts';

import type { ReceivedMessage } from '../message-bus.port';
import { MessageDecodeError } from './message-decode.error';
import { decodeEvent } from './decode-event';

// A well-known type stands in for a generated event, so this spec does not depend on the registry.
const durations: TopicDefinition<typeof DurationSchema> = {
  name: 'test.duration-recorded.v1',
  schema: DurationSchema,
  valueFormat: 'protobuf',
  keyOf: (d: Duration) => `seconds-${d.seconds}`,
  keyDescription: 'the seconds, as text',
  partitions: 3,
  cleanupPolicy: 'delete',
  description: 'test topic',
  producers: [],
  consumers: [],
};

function received(value: Uint8Array, headers: Record<string, string> = {}): ReceivedMessage {
  return { topic: durations.name, partition: 0, offset: 7n, key: 'k', value, headers, timestampMs: 0 };
}

describe('decodeEvent', () => {
  it('decodes the proto3 JSON mapping when the content type says JSON', () => {
    const json = toJsonString(DurationSchema, create(DurationSchema, { seconds: 3n, nanos: 500_000_000 }));
    expect(json).toBe('"3.500s"');
    const decoded = decodeEvent(durations, received(Buffer.from(json), { 'content-type': 'application/json; charset=utf-8' }));
    expect(decoded.seconds).toBe(3n);
    expect(decoded.nanos).toBe(500_000_000);
  });

  it.each([
    ['truncated protobuf', received(Uint8Array.from([0x08, 0xff])), 'INVALID_PROTOBUF'],
    ['malformed JSON', received(Buffer.from('{"seconds":'), { 'content-type': 'application/json' }), 'INVALID_JSON'],
    ['JSON of another shape', received(Buffer.from('{"unknown": 1}'), { 'content-type': 'application/json' }), 'INVALID_JSON'],
    ['an unknown content type', received(Buffer.from('x'), { 'content-type': 'text/csv' }), 'UNSUPPORTED_CONTENT_TYPE'],
  ])('rejects %s with a MessageDecodeError', (_, message, code) => {
    let thrown: unknown;
    try {
      decodeEvent(durations, message);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MessageDecodeError);
    expect(thrown).toMatchObject({ code, topic: durations.name, offset: 7n });
  });
});
