/**
 * Turns events into outbox messages exactly as `MessageBus.publish` would send them (the registry's
 * encoder, key and envelope), so the relay only moves bytes and the event id is fixed at commit time.
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { TopicDefinition } from '@trottoir/contracts';
import { toRecord } from '@trottoir/contracts';

import type { PublishOptions } from '../message-bus.port';
import type { OutboxMessage } from './outbox.port';

export function outboxMessages<Schema extends DescMessage>(topic: TopicDefinition<Schema>, events: readonly MessageShape<Schema>[], options: PublishOptions): OutboxMessage[] {
  const time = options.time ?? Date.now();
  return events.map((event) => {
    const record = toRecord(topic, event, { source: options.source, time });
    return { topic: topic.name, key: record.key, value: record.value, headers: { ...options.headers, ...record.headers }, timestampMs: time };
  });
}
