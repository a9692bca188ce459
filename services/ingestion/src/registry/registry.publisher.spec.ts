/** Registry changes go out on the compacted topics, keyed by node id and segment id. */
import { allTopics, topics } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import { InProcessMessageBus } from '@trottoir/messaging';
import { TopicRecorder } from '@trottoir/testing';

import { RegistryPublisher } from './registry.publisher';

describe('RegistryPublisher', () => {
  it('publishes grid nodes and segments on their compacted topics, keyed by their ids', async () => {
    const bus = new InProcessMessageBus();
    await bus.ensureTopics(allTopics);
    const publisher = new RegistryPublisher(bus);
    const city = generateCity({ segments: 10, seed: 4 });

    await Promise.all([publisher.publish({ gridNode: city.gridNodes[0] }), ...city.segments.map((segment) => publisher.publish({ segment }))]);

    const recorder = await TopicRecorder.start(bus, [topics.fleetGridNode, topics.fleetSegment]);
    const nodes = await recorder.waitFor(topics.fleetGridNode, 1);
    const segments = await recorder.waitFor(topics.fleetSegment, city.segments.length);
    await recorder.stop();
    await bus.close();
    expect(nodes.map((m) => m.key)).toEqual([city.gridNodes[0].nodeId]);
    expect(segments.map((m) => m.key).sort()).toEqual(city.segments.map((s) => s.segmentId).sort());
  });
});
