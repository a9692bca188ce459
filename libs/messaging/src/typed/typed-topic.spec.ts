import { create, toJsonString } from '@bufbuild/protobuf';
import type { Duration } from '@bufbuild/protobuf/wkt';
import { DurationSchema } from '@bufbuild/protobuf/wkt';
import type { TopicDefinition } from '@trottoir/contracts';

import { waitUntil } from '../contract/contract-helpers';
import { InProcessMessageBus } from '../in-process/in-process-bus';
import type { ReceivedMessage } from '../message-bus.port';
import { MessageDecodeError } from './message-decode.error';
import { decodeEvent, publishEvents } from './typed-topic';

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

describe('typed topics', () => {
  it('publishes with the registry key and decodes the binary value back', async () => {
    const bus = new InProcessMessageBus();
    await bus.ensureTopics([{ name: durations.name, partitions: durations.partitions }]);
    const sent = [create(DurationSchema, { seconds: 900n, nanos: 5 }), create(DurationSchema, { seconds: 60n })];
    await publishEvents(bus, durations, sent, { source: 'trottoir/test', now: () => 1_764_500_000_000, headers: { 'x-test': 'yes' } });
    const got: ReceivedMessage[] = [];
    const consumer = await bus.subscribe({ groupId: 'g', topics: [durations.name] }, async (b) => {
      got.push(...b.messages);
    });
    await waitUntil(() => got.length === 2, 1_000, 'both events');
    const byKey = new Map(got.map((m) => [m.key, m]));
    expect(decodeEvent(durations, byKey.get('seconds-900')!)).toEqual(sent[0]);
    expect(decodeEvent(durations, byKey.get('seconds-60')!)).toEqual(sent[1]);
    expect(byKey.get('seconds-900')!.headers).toMatchObject({
      'content-type': 'application/protobuf',
      ce_type: 'google.protobuf.Duration',
      ce_source: 'trottoir/test',
      ce_time: new Date(1_764_500_000_000).toISOString(),
      'x-test': 'yes',
    });
    expect(byKey.get('seconds-900')!.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    await consumer.close();
    await bus.close();
  });

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
