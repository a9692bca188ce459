/** Registry changes go out one send at a time, what arrives meanwhile coalesced into the next send. */
import { topics } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import type { MessageBus, OutgoingMessage } from '@trottoir/messaging';

import { RegistryPublisher } from './registry.publisher';

describe('RegistryPublisher', () => {
  it('never sends twice at once and coalesces a burst', async () => {
    const sends: { topic: string; keys: string[] }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const bus = {
      publish: async (topic: string, messages: readonly OutgoingMessage[]) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        sends.push({ topic, keys: messages.map((message) => message.key) });
        inFlight--;
      },
    } as unknown as MessageBus;
    const publisher = new RegistryPublisher(bus);
    const city = generateCity({ segments: 10, seed: 4 });
    await Promise.all([publisher.publish({ gridNode: city.gridNodes[0] }), ...city.segments.map((segment) => publisher.publish({ segment }))]);
    expect(maxInFlight).toBe(1);
    expect(sends).toEqual([
      { topic: topics.fleetGridNode.name, keys: [city.gridNodes[0].nodeId] },
      { topic: topics.fleetSegment.name, keys: city.segments.map((segment) => segment.segmentId) },
    ]);
  });

  it('rejects the waiters of a failed send and carries on with the next', async () => {
    let calls = 0;
    const bus = {
      publish: async () => {
        if (calls++ === 0) throw new Error('broker down');
      },
    } as unknown as MessageBus;
    const publisher = new RegistryPublisher(bus);
    const [segment] = generateCity({ segments: 1, seed: 4 }).segments;
    await expect(publisher.publish({ segment })).rejects.toThrow('broker down');
    await expect(publisher.publish({ segment })).resolves.toBeUndefined();
  });
});
