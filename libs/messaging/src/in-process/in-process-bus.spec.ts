import { testTopic, waitUntil } from '../contract/contract-helpers';
import { describeMessageBusContract } from '../contract/message-bus.contract';
import type { ReceivedMessage } from '../message-bus.port';
import { InProcessMessageBus } from './in-process-bus';
import type { InProcessConsumer } from './in-process-consumer';

describeMessageBusContract('in-process', {
  timeoutMs: 3_000,
  createBus: async () => new InProcessMessageBus({ backoff: { initialMs: 5, maxMs: 20 } }),
  crashConsumerHoldingBatch: async (bus, { topic, groupId }) => {
    let held: ReceivedMessage[] | undefined;
    let gotBatch!: () => void;
    const got = new Promise<void>((resolve) => (gotBatch = resolve));
    const consumer = (await bus.subscribe(topic, { groupId }, (batch) => {
      held = batch.messages;
      gotBatch();
      return new Promise<void>(() => undefined); // never finishes: the member dies with it in hand
    })) as InProcessConsumer;
    await got;
    consumer.crash();
    return held ?? [];
  },
});

describe('InProcessMessageBus specifics', () => {
  it('drops the oldest records beyond the retention count and restarts new groups at the oldest kept', async () => {
    const bus = new InProcessMessageBus({ maxMessagesPerPartition: 4 });
    const t = testTopic('t', 1);
    await bus.ensureTopics([t]);
    for (let i = 0; i < 10; i++) await bus.publishRecords(t, [{ key: 'k', value: Buffer.from(String(i)) }]);
    const offsets: bigint[] = [];
    const consumer = await bus.subscribe(t, { groupId: 'g' }, async (b) => {
      offsets.push(...b.messages.map((m) => m.offset));
    });
    await waitUntil(() => offsets.includes(9n), 1_000, 'the newest record');
    await consumer.close();
    expect(offsets[0]).toBeGreaterThanOrEqual(5n);
    expect(offsets[offsets.length - 1]).toBe(9n);
    await bus.close();
  });

  it('refuses topics that were not declared', async () => {
    const bus = new InProcessMessageBus();
    const undeclared = testTopic('nope', 1);
    await expect(bus.publishRecords(undeclared, [{ key: 'k', value: new Uint8Array() }])).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
    await expect(bus.subscribe(undeclared, { groupId: 'g' }, async () => undefined)).rejects.toMatchObject({
      code: 'UNKNOWN_TOPIC',
    });
  });

  it('moves the partitions of a member that leaves to the one that stays', async () => {
    const bus = new InProcessMessageBus();
    const t = testTopic('t', 4);
    await bus.ensureTopics([t]);
    const a = await bus.subscribe(t, { groupId: 'g' }, async () => undefined);
    const b = await bus.subscribe(t, { groupId: 'g' }, async () => undefined);
    expect(a.assignment()).toEqual([{ topic: 't', partitions: [0, 2] }]);
    expect(b.assignment()).toEqual([{ topic: 't', partitions: [1, 3] }]);
    await a.close();
    expect(b.assignment()).toEqual([{ topic: 't', partitions: [0, 1, 2, 3] }]);
    await bus.close();
  });
});
