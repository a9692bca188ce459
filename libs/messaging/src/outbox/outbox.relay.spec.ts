/** The relay over the in-memory outbox: order, grouping by topic, failures left pending, coalesced flushes. */
import { create } from '@bufbuild/protobuf';
import { ENVELOPE_HEADERS, GridNodeSchema, readEnvelope, topics } from '@trottoir/contracts';
import type { TopicDefinition } from '@trottoir/contracts';

import { testTopic, uniqueName, waitUntil } from '../contract/contract-helpers';
import { decodeEvent } from '../typed/decode-event';
import { InProcessMessageBus } from '../in-process/in-process-bus';
import type { OutgoingMessage, ReceivedMessage } from '../message-bus.port';
import { outboxMessages } from './outbox-message';
import { InMemoryOutboxStore } from './outbox.in-memory';
import type { OutboxMessage } from './outbox.port';
import { OutboxRelay } from './outbox.relay';

const topicA = testTopic('spec.a.v1', 1);
const topicB = testTopic('spec.b.v1', 1);
const known = new Map<string, TopicDefinition>([topicA, topicB].map((topic) => [topic.name, topic]));

function message(topic: string, body: string): OutboxMessage {
  return { topic, key: 'k', value: Buffer.from(body), headers: {}, timestampMs: 1 };
}

function recordingBus(fail?: () => boolean) {
  const calls: { topic: string; bodies: string[] }[] = [];
  return {
    calls,
    publishRecords: async (topic: TopicDefinition, records: readonly OutgoingMessage[]) => {
      if (fail?.()) throw new Error('broker down');
      calls.push({ topic: topic.name, bodies: records.map((r) => Buffer.from(r.value).toString()) });
    },
  };
}

describe('OutboxRelay', () => {
  it('publishes in outbox order, consecutive messages of one topic in one call', async () => {
    const store = new InMemoryOutboxStore();
    store.append([message('spec.a.v1', '1'), message('spec.a.v1', '2'), message('spec.b.v1', '3'), message('spec.a.v1', '4')]);
    const bus = recordingBus();
    expect(await new OutboxRelay(store, bus, { resolveTopic: (name) => known.get(name) }).flush()).toBe(4);
    expect(bus.calls).toEqual([
      { topic: 'spec.a.v1', bodies: ['1', '2'] },
      { topic: 'spec.b.v1', bodies: ['3'] },
      { topic: 'spec.a.v1', bodies: ['4'] },
    ]);
  });

  it('goes through the outbox in batches until it is empty', async () => {
    const store = new InMemoryOutboxStore();
    store.append(Array.from({ length: 7 }, (_, i) => message('spec.a.v1', String(i))));
    const bus = recordingBus();
    expect(await new OutboxRelay(store, bus, { batchSize: 3, resolveTopic: (name) => known.get(name) }).flush()).toBe(7);
    expect(bus.calls.map((call) => call.bodies.length)).toEqual([3, 3, 1]);
  });

  it('leaves everything pending when the bus fails, and publishes it on the next flush', async () => {
    const store = new InMemoryOutboxStore();
    store.append([message('spec.a.v1', 'x')]);
    let down = true;
    const bus = recordingBus(() => down);
    const relay = new OutboxRelay(store, bus, { resolveTopic: (name) => known.get(name) });
    await expect(relay.flush()).rejects.toThrow('broker down');
    expect(await store.pendingCount()).toBe(1);
    down = false;
    expect(await relay.flush()).toBe(1);
    expect(bus.calls).toEqual([{ topic: 'spec.a.v1', bodies: ['x'] }]);
  });

  it('refuses a topic the registry does not know and keeps the message', async () => {
    const store = new InMemoryOutboxStore();
    store.append([message('nowhere.v1', 'x')]);
    await expect(new OutboxRelay(store, recordingBus(), { resolveTopic: () => undefined }).flush()).rejects.toThrow('"nowhere.v1" is not in the topic registry');
    expect(await store.pendingCount()).toBe(1);
  });

  it('serves flushes asked during a pass with one more pass that sees what they appended', async () => {
    const store = new InMemoryOutboxStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls: string[][] = [];
    const bus = {
      publishRecords: async (_topic: TopicDefinition, records: readonly OutgoingMessage[]) => {
        calls.push(records.map((r) => Buffer.from(r.value).toString()));
        if (calls.length === 1) await gate;
      },
    };
    const relay = new OutboxRelay(store, bus, { resolveTopic: (name) => known.get(name) });
    store.append([message('spec.a.v1', 'first')]);
    const first = relay.flush();
    await waitUntil(() => calls.length === 1, 1_000, 'the first pass to publish');
    store.append([message('spec.a.v1', 'second')]);
    const second = relay.flush();
    store.append([message('spec.a.v1', 'third')]);
    const third = relay.flush();
    expect(third).toBe(second);
    release();
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(calls).toEqual([['first'], ['second', 'third']]);
  });

  it('sends a registry event as MessageBus.publish would, with the event id fixed when it was added', async () => {
    const bus = new InProcessMessageBus();
    const store = new InMemoryOutboxStore();
    try {
      await bus.ensureTopics([topics.fleetGridNode]);
      const node = create(GridNodeSchema, { nodeId: uniqueName('node'), name: 'n', dsoId: 'dso', ratedLimitW: 1000 });
      const [added] = outboxMessages(topics.fleetGridNode, [node], { source: 'trottoir/spec', time: 1_764_000_000_000 });
      store.append([added]);
      const received: ReceivedMessage[] = [];
      await bus.subscribe(topics.fleetGridNode, { groupId: uniqueName('g') }, async (batch) => void received.push(...batch.messages));
      await new OutboxRelay(store, bus).flush();
      await waitUntil(() => received.length === 1, 2_000, 'the relayed grid node');
      expect(decodeEvent(topics.fleetGridNode, received[0]).nodeId).toBe(node.nodeId);
      expect(readEnvelope(received[0].headers, received[0].key)).toMatchObject({ id: added.headers[ENVELOPE_HEADERS.id], source: 'trottoir/spec', time: 1_764_000_000_000 });
      expect(received[0].headers).toEqual(expect.objectContaining(added.headers));
    } finally {
      await bus.close();
    }
  });
});
