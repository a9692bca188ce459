/** Small helpers of the messaging contract suite: topics of its own, collecting consumers, eventual waits. */
import { randomBytes } from 'node:crypto';

import { BytesValueSchema } from '@bufbuild/protobuf/wkt';
import type { TopicDefinition } from '@trottoir/contracts';
import { defineTopic } from '@trottoir/contracts';

import type { BatchHandler, Consumer, ConsumerOptions, MessageBatch, MessageBus, OutgoingMessage, ReceivedMessage } from '../message-bus.port';

export function uniqueName(prefix: string): string {
  return `contract.${prefix}.${randomBytes(4).toString('hex')}`;
}

/**
 * A topic of the suite's own (not of the registry): the suite publishes arbitrary bytes on it with
 * `publishRecords`; a well-known type stands in for its message.
 */
export function testTopic(name: string, partitions: number, valueFormat: TopicDefinition['valueFormat'] = 'protobuf'): TopicDefinition<typeof BytesValueSchema> {
  return defineTopic({
    name,
    schema: BytesValueSchema,
    valueFormat,
    keyOf: () => 'test',
    keyDescription: 'any',
    partitions,
    cleanupPolicy: 'delete',
    description: 'a topic of the messaging contract suite',
    producers: [],
    consumers: [],
  });
}

export function text(value: Uint8Array): string {
  return Buffer.from(value).toString('utf8');
}

export function message(key: string, body: string, headers?: Record<string, string>): OutgoingMessage {
  return { key, value: Buffer.from(body, 'utf8'), headers };
}

export function identity(m: ReceivedMessage): string {
  return `${m.topic}:${m.partition}:${m.offset}`;
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Collector {
  consumer: Consumer;
  batches: MessageBatch[];
  received: ReceivedMessage[];
  /** Distinct messages seen (by topic/partition/offset). */
  distinct(): Set<string>;
}

/** Subscribes with a handler that records every batch it is given (after `before`, which may throw). */
export async function collect(
  bus: MessageBus,
  topic: TopicDefinition,
  options: ConsumerOptions,
  before?: BatchHandler,
): Promise<Collector> {
  const batches: MessageBatch[] = [];
  const received: ReceivedMessage[] = [];
  const consumer = await bus.subscribe(topic, options, async (batch) => {
    if (before) await before(batch);
    batches.push(batch);
    received.push(...batch.messages);
  });
  return { consumer, batches, received, distinct: () => new Set(received.map(identity)) };
}

export function allPartitions(consumers: Consumer[], topic: string): number[] {
  return consumers
    .flatMap((c) => c.assignment())
    .filter((a) => a.topic === topic)
    .flatMap((a) => a.partitions)
    .sort((a, b) => a - b);
}

/** True once the members own every partition of `topic` exactly once, each at least one. */
export function groupSettled(consumers: Consumer[], topic: string, partitions: number): boolean {
  const owned = allPartitions(consumers, topic);
  const everyoneHasSome = consumers.every((c) => c.assignment().some((a) => a.topic === topic && a.partitions.length > 0));
  return everyoneHasSome && owned.length === partitions && owned.every((p, i) => p === i);
}
