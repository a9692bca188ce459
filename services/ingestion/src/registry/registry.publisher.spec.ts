/** Registry changes go out on the compacted topics, keyed by node id and segment id. */
import { topicSpecs, topics } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import type { ReceivedMessage } from '@trottoir/messaging';
import { InProcessMessageBus } from '@trottoir/messaging';

import { RegistryPublisher } from './registry.publisher';

describe('RegistryPublisher', () => {
  it('publishes grid nodes and segments on their compacted topics, keyed by their ids', async () => {
    const bus = new InProcessMessageBus();
    await bus.ensureTopics(topicSpecs());
    const publisher = new RegistryPublisher(bus);
    const city = generateCity({ segments: 10, seed: 4 });

    await Promise.all([publisher.publish({ gridNode: city.gridNodes[0] }), ...city.segments.map((segment) => publisher.publish({ segment }))]);

    const received: ReceivedMessage[] = [];
    const consumer = await bus.subscribe({ groupId: 'test', topics: [topics.fleetGridNode.name, topics.fleetSegment.name] }, async (batch) => {
      received.push(...batch.messages);
    });
    for (let waited = 0; received.length < 11 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await consumer.close();
    await bus.close();
    expect(received.filter((m) => m.topic === topics.fleetGridNode.name).map((m) => m.key)).toEqual([city.gridNodes[0].nodeId]);
    expect(received.filter((m) => m.topic === topics.fleetSegment.name).map((m) => m.key).sort()).toEqual(city.segments.map((s) => s.segmentId).sort());
  });
});
