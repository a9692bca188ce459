/**
 * The one contract suite of the messaging port: `describeMessageBusContract(harness)` defines the
 * Tests every adapter must pass (in-process bus in unit tests, Kafka in integration tests).
 */
import { randomBytes } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import type { Duration } from '@bufbuild/protobuf/wkt';
import { DurationSchema } from '@bufbuild/protobuf/wkt';
import type { TopicDefinition } from '@trottoir/contracts';
import { defineTopic } from '@trottoir/contracts';

import type { MessageBus, ReceivedMessage } from '../message-bus.port';
import { partitionForKey } from '../partitioner';
import { decodeEvent } from '../typed/decode-event';
import { collect, groupSettled, identity, message, testTopic, text, uniqueName, waitUntil } from './contract-helpers';
import { describeDeadLetterContract } from './dead-letter.contract';
import { describeTracingContract } from './tracing.contract';

export interface MessageBusHarness {
  /** A new bus on the system under test; the suite closes it. */
  createBus(): Promise<MessageBus>;
  /**
   * Starts a member of `groupId` on `topic` that takes one batch and dies holding it, before it
   * commits (in-process: `crash()`; Kafka: SIGKILL of a child process). Returns what it held.
   */
  crashConsumerHoldingBatch(bus: MessageBus, options: { topic: TopicDefinition; groupId: string }): Promise<ReceivedMessage[]>;
  /** Upper bound for anything eventual (group rebalances, deliveries). */
  timeoutMs: number;
}

export function describeMessageBusContract(name: string, harness: MessageBusHarness): void {
  describe(`MessageBus contract: ${name}`, () => {
    let bus: MessageBus;
    const wait = (condition: () => boolean, what: string) => waitUntil(condition, harness.timeoutMs, what);

    beforeAll(async () => {
      bus = await harness.createBus();
    });
    afterAll(async () => {
      await bus.close();
    });

    async function topic(prefix: string, partitions: number): Promise<TopicDefinition> {
      const created = testTopic(uniqueName(prefix), partitions);
      await bus.ensureTopics([created]);
      return created;
    }

    it('round-trips keys, values, headers and event time, on the partition of Kafka’s partitioner', async () => {
      const t = await topic('roundtrip', 4);
      const sent = ['seg-1', 'seg-2', 'node-17', 'ünï-çødé'].map((key, i) => ({
        ...message(key, `value-${i}`, { 'content-type': 'application/x-protobuf', n: String(i) }),
        timestampMs: 1_700_000_000_000 + i,
      }));
      await bus.publishRecords(t, sent);
      const c = await collect(bus, t, { groupId: uniqueName('g') });
      await wait(() => c.received.length >= sent.length, 'all messages');
      for (const [i, out] of sent.entries()) {
        const got = c.received.find((m) => m.key === out.key);
        expect(got).toBeDefined();
        expect(text(got!.value)).toBe(`value-${i}`);
        expect(got!.headers).toMatchObject(out.headers!);
        expect(got!.timestampMs).toBe(out.timestampMs);
        expect(got!.topic).toBe(t.name);
        expect(got!.partition).toBe(partitionForKey(out.key, 4));
      }
      await c.consumer.close();
    });

    it('publishes typed events with the registry key and the envelope, and hands the handler the topic it subscribed to', async () => {
      // A well-known type stands in for a generated event, so that the suite does not depend on the registry.
      const durations = defineTopic({
        name: uniqueName('typed'),
        schema: DurationSchema,
        valueFormat: 'protobuf',
        keyOf: (duration: Duration) => `seconds-${duration.seconds}`,
        keyDescription: 'the seconds, as text',
        partitions: 3,
        cleanupPolicy: 'delete',
        description: 'typed events of the contract suite',
        producers: [],
        consumers: [],
      });
      await bus.ensureTopics([durations]);
      const sent = [create(DurationSchema, { seconds: 900n, nanos: 5 }), create(DurationSchema, { seconds: 60n })];
      await bus.publish(durations, sent, { source: 'trottoir/test', time: 1_764_500_000_000, headers: { 'x-test': 'yes' } });
      const c = await collect(bus, durations, { groupId: uniqueName('g') });
      await wait(() => c.received.length === 2, 'both events');
      expect(c.batches.every((batch) => batch.topic === durations)).toBe(true);
      const byKey = new Map(c.received.map((m) => [m.key, m]));
      expect(decodeEvent(durations, byKey.get('seconds-900')!)).toEqual(sent[0]);
      expect(decodeEvent(durations, byKey.get('seconds-60')!)).toEqual(sent[1]);
      expect(byKey.get('seconds-900')!.timestampMs).toBe(1_764_500_000_000);
      expect(byKey.get('seconds-900')!.headers).toMatchObject({
        'content-type': 'application/protobuf',
        ce_type: 'google.protobuf.Duration',
        ce_source: 'trottoir/test',
        ce_time: new Date(1_764_500_000_000).toISOString(),
        'x-test': 'yes',
      });
      expect(byKey.get('seconds-900')!.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
      await c.consumer.close();
    });

    it('accepts many publishes at once from concurrent callers, and delivers every message', async () => {
      const t = await topic('concurrent', 6);
      const callers = 20;
      const perCaller = 50;
      await Promise.all(
        Array.from({ length: callers }, (_, caller) =>
          bus.publishRecords(t, Array.from({ length: perCaller }, (_, i) => message(`segment-${(caller * perCaller + i) % 37}`, `${caller}-${i}`))),
        ),
      );
      const c = await collect(bus, t, { groupId: uniqueName('g') });
      await wait(() => c.distinct().size === callers * perCaller, 'every concurrently published message');
      await c.consumer.close();
    });

    it('refuses a publish whose record batch for one partition exceeds the broker default of 1 MiB, and goes on working', async () => {
      const t = await topic('oversized', 2);
      // Random bytes: a compressing client could not shrink them under the limit either.
      const big = (i: number) => ({ key: 'one-key', value: randomBytes(400 * 1024), headers: { n: String(i) } });
      await expect(bus.publishRecords(t, [big(0), big(1), big(2)])).rejects.toThrow();
      await bus.publishRecords(t, [message('one-key', 'small after big')]);
      const c = await collect(bus, t, { groupId: uniqueName('g') });
      await wait(() => c.received.some((m) => text(m.value) === 'small after big'), 'the publish after the refused one');
      expect(c.received.filter((m) => m.value.byteLength > 1000)).toHaveLength(0);
      await c.consumer.close();
    });

    it('keeps per-key order across partitions for interleaved keys', async () => {
      const t = await topic('order', 6);
      const keys = Array.from({ length: 30 }, (_, i) => `segment-${i}`);
      const perKey = 20;
      for (let seq = 0; seq < perKey; seq += 5) {
        const chunk = [];
        for (let s = seq; s < seq + 5; s++) for (const key of keys) chunk.push(message(key, String(s)));
        await bus.publishRecords(t, chunk);
      }
      const c = await collect(bus, t, { groupId: uniqueName('g'), maxBatchSize: 7 });
      await wait(() => c.distinct().size === keys.length * perKey, 'all messages');
      const seen = new Set<string>();
      const sequences = new Map<string, number[]>(keys.map((k) => [k, []]));
      for (const m of c.received) {
        if (seen.has(identity(m))) continue; // at-least-once: a redelivery is allowed, a reordering is not
        seen.add(identity(m));
        sequences.get(m.key)!.push(Number(text(m.value)));
      }
      const expected = Array.from({ length: perKey }, (_, i) => i);
      for (const key of keys) expect(sequences.get(key)).toEqual(expected);
      expect(new Set(c.received.map((m) => m.partition)).size).toBeGreaterThan(1);
      for (const b of c.batches) expect(b.messages.length).toBeLessThanOrEqual(7);
      await c.consumer.close();
    });

    it('splits the partitions between the members of one group', async () => {
      const t = await topic('split', 6);
      const groupId = uniqueName('g');
      const a = await collect(bus, t, { groupId });
      const b = await collect(bus, t, { groupId });
      await wait(() => groupSettled([a.consumer, b.consumer], t.name, 6), 'both members to own partitions');
      const sent = Array.from({ length: 120 }, (_, i) => message(`k${i}`, String(i)));
      await bus.publishRecords(t, sent);
      await wait(() => a.distinct().size + b.distinct().size >= sent.length, 'all messages');
      const [aIds, bIds] = [a.distinct(), b.distinct()];
      expect(aIds.size).toBeGreaterThan(0);
      expect(bIds.size).toBeGreaterThan(0);
      expect([...aIds].filter((id) => bIds.has(id))).toEqual([]);
      expect(aIds.size + bIds.size).toBe(sent.length);
      const ownedByA = new Set(a.consumer.assignment().flatMap((x) => x.partitions));
      expect(a.received.every((m) => ownedByA.has(m.partition))).toBe(true);
      expect(b.received.every((m) => !ownedByA.has(m.partition))).toBe(true);
      await Promise.all([a.consumer.close(), b.consumer.close()]);
    });

    it('lets the consumers of one group read different topics, each topic only by its own handler', async () => {
      const orders = await topic('group-orders', 3);
      const requests = await topic('group-requests', 4);
      const groupId = uniqueName('g');
      const a = await collect(bus, orders, { groupId });
      const b = await collect(bus, requests, { groupId });
      await wait(() => groupSettled([a.consumer], orders.name, 3) && groupSettled([b.consumer], requests.name, 4), 'each consumer to own its topic');
      await bus.publishRecords(orders, Array.from({ length: 9 }, (_, i) => message(`o${i}`, `order-${i}`)));
      await bus.publishRecords(requests, Array.from({ length: 12 }, (_, i) => message(`r${i}`, `request-${i}`)));
      await wait(() => a.distinct().size === 9 && b.distinct().size === 12, 'every message at its own handler');
      expect(a.received.every((m) => m.topic === orders.name)).toBe(true);
      expect(b.received.every((m) => m.topic === requests.name)).toBe(true);
      await Promise.all([a.consumer.close(), b.consumer.close()]);
    });

    it('redelivers the same batch when the handler throws, skipping nothing', async () => {
      const t = await topic('retry', 1);
      const sent = Array.from({ length: 10 }, (_, i) => message(`k${i % 3}`, String(i)));
      await bus.publishRecords(t, sent);
      const attempts: bigint[][] = [];
      const c = await collect(bus, t, { groupId: uniqueName('g'), maxBatchSize: 4 }, async (batch) => {
        attempts.push(batch.messages.map((m) => m.offset));
        if (attempts.length <= 2) throw new Error('transient failure');
      });
      await wait(() => c.distinct().size === sent.length, 'all messages after the failures');
      expect(attempts[1]).toEqual(attempts[0]);
      expect(attempts[2]).toEqual(attempts[0]);
      expect(c.received.map((m) => Number(text(m.value)))).toEqual(sent.map((_, i) => i));
      await c.consumer.close();
    });

    it('with concurrency, overlaps batches of different partitions, never two of one partition, in order, then commits them all', async () => {
      const t = await topic('concurrency', 4);
      const groupId = uniqueName('g');
      const keys = Array.from({ length: 24 }, (_, i) => `segment-${i}`);
      const perKey = 10;
      for (let seq = 0; seq < perKey; seq += 5) {
        const chunk = [];
        for (let s = seq; s < seq + 5; s++) for (const key of keys) chunk.push(message(key, String(s)));
        await bus.publishRecords(t, chunk);
      }
      const inHand = new Set<number>();
      let maxInHand = 0;
      let samePartitionTwice = false;
      let calls = 0;
      const c = await collect(bus, t, { groupId, maxBatchSize: 5, concurrency: 3 }, async (batch) => {
        if (inHand.has(batch.partition)) samePartitionTwice = true;
        inHand.add(batch.partition);
        maxInHand = Math.max(maxInHand, inHand.size);
        try {
          // The first batch waits until a second one started: one batch at a time would never get there.
          if (++calls === 1) await waitUntil(() => calls >= 2, harness.timeoutMs / 2, 'a second batch started').catch(() => undefined);
          if (calls === 3) throw new Error('transient failure'); // retried in place, still in order
        } finally {
          inHand.delete(batch.partition);
        }
      });
      await wait(() => c.distinct().size === keys.length * perKey, 'all messages');
      expect(maxInHand).toBeGreaterThanOrEqual(2);
      expect(maxInHand).toBeLessThanOrEqual(3);
      expect(samePartitionTwice).toBe(false);
      const seen = new Set<string>();
      const sequences = new Map<string, number[]>(keys.map((k) => [k, []]));
      for (const m of c.received) {
        if (seen.has(identity(m))) continue;
        seen.add(identity(m));
        sequences.get(m.key)!.push(Number(text(m.value)));
      }
      for (const key of keys) expect(sequences.get(key)).toEqual(Array.from({ length: perKey }, (_, i) => i));
      await c.consumer.close();
      // Everything handled was committed: a new member gets only what came after.
      await bus.publishRecords(t, keys.map((key) => message(key, 'after')));
      const next = await collect(bus, t, { groupId, concurrency: 3 });
      await wait(() => next.distinct().size >= keys.length, 'the new messages');
      expect(next.received.map((m) => text(m.value))).toEqual(keys.map(() => 'after'));
      await next.consumer.close();
    });

    it('gives the batch of a member that died before committing to the next member', async () => {
      const t = await topic('crash', 3);
      const groupId = uniqueName('g');
      const sent = Array.from({ length: 30 }, (_, i) => message(`k${i}`, String(i)));
      await bus.publishRecords(t, sent);
      const held = await harness.crashConsumerHoldingBatch(bus, { topic: t, groupId });
      expect(held.length).toBeGreaterThan(0);
      const next = await collect(bus, t, { groupId });
      await wait(() => next.distinct().size === sent.length, 'every message, including the held batch');
      const ids = next.distinct();
      expect(held.filter((m) => !ids.has(identity(m)))).toEqual([]);
      await next.consumer.close();
    });

    it('resumes after the committed offsets in a new member of the group', async () => {
      const t = await topic('resume', 3);
      const groupId = uniqueName('g');
      await bus.publishRecords(t, Array.from({ length: 12 }, (_, i) => message(`k${i}`, `old-${i}`)));
      const first = await collect(bus, t, { groupId });
      await wait(() => first.distinct().size === 12, 'the old messages');
      await first.consumer.close();
      await bus.publishRecords(t, Array.from({ length: 6 }, (_, i) => message(`k${i}`, `new-${i}`)));
      const second = await collect(bus, t, { groupId });
      await wait(() => second.distinct().size >= 6, 'the new messages');
      // Per-partition order: an old message redelivered would have come before the new ones.
      expect(second.received.map((m) => text(m.value)).sort()).toEqual(
        Array.from({ length: 6 }, (_, i) => `new-${i}`).sort(),
      );
      await second.consumer.close();
    });

    it('lets another group read everything independently', async () => {
      const t = await topic('groups', 2);
      await bus.publishRecords(t, Array.from({ length: 8 }, (_, i) => message(`k${i}`, String(i))));
      const one = await collect(bus, t, { groupId: uniqueName('g1') });
      await wait(() => one.distinct().size === 8, 'group 1');
      await one.consumer.close();
      const two = await collect(bus, t, { groupId: uniqueName('g2') });
      await wait(() => two.distinct().size === 8, 'group 2');
      expect(two.distinct()).toEqual(one.distinct());
      await two.consumer.close();
    });

    it('starts a new group at the end of the topic when fromBeginning is false', async () => {
      const t = await topic('latest', 2);
      await bus.publishRecords(t, [message('a', 'before'), message('b', 'before')]);
      const c = await collect(bus, t, { groupId: uniqueName('g'), fromBeginning: false });
      await wait(() => groupSettled([c.consumer], t.name, 2), 'the assignment');
      await bus.publishRecords(t, [message('a', 'after'), message('b', 'after')]);
      await wait(() => c.distinct().size >= 2, 'the new messages');
      expect(c.received.map((m) => text(m.value))).toEqual(['after', 'after']);
      await c.consumer.close();
    });

    describeDeadLetterContract(() => bus, wait);
    describeTracingContract(() => bus, wait);
  });
}
