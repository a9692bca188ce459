/** Registry changes go out through the outbox on the compacted topics, keyed by node id and segment id. */
import { allTopics, topics } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import { InMemoryOutboxStore, InProcessMessageBus, OutboxRelay } from '@trottoir/messaging';
import { TopicRecorder } from '@trottoir/testing';

import { RegistryPublisher } from './registry.publisher';

describe('RegistryPublisher', () => {
  it('announces grid nodes and segments on their compacted topics, keyed by their ids, once flushed', async () => {
    const bus = new InProcessMessageBus();
    await bus.ensureTopics(allTopics);
    const outbox = new InMemoryOutboxStore();
    const publisher = new RegistryPublisher(new OutboxRelay(outbox, bus), { now: () => 1_764_000_000_000 });
    const city = generateCity({ segments: 10, seed: 4 });

    outbox.append(publisher.messagesOf({ gridNode: city.gridNodes[0] }));
    for (const segment of city.segments) outbox.append(publisher.messagesOf({ segment }));
    expect(await publisher.flush()).toBe(true);

    const recorder = await TopicRecorder.start(bus, [topics.fleetGridNode, topics.fleetSegment]);
    const nodes = await recorder.waitFor(topics.fleetGridNode, 1);
    const segments = await recorder.waitFor(topics.fleetSegment, city.segments.length);
    await recorder.stop();
    await bus.close();
    expect(nodes.map((m) => m.key)).toEqual([city.gridNodes[0].nodeId]);
    expect(segments.map((m) => m.key).sort()).toEqual(city.segments.map((s) => s.segmentId).sort());
    expect(nodes[0].timestampMs).toBe(1_764_000_000_000);
  });

  it('says false, without throwing, when the relay cannot send, and the events stay in the outbox', async () => {
    const outbox = new InMemoryOutboxStore();
    const down = { publishRecords: async () => Promise.reject(new Error('broker down')) };
    const publisher = new RegistryPublisher(new OutboxRelay(outbox, down));
    outbox.append(publisher.messagesOf({ gridNode: generateCity({ segments: 1, seed: 1 }).gridNodes[0] }));
    expect(await publisher.flush()).toBe(false);
    expect(await outbox.pendingCount()).toBe(1);
  });
});
