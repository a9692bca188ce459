import type { ClusterMetadata } from '@platformatic/kafka';

import { subscriptionAwareAssigner } from './subscription-assigner';

function metadataOf(partitions: Record<string, number>): ClusterMetadata {
  return { topics: new Map(Object.entries(partitions).map(([topic, partitionsCount]) => [topic, { partitionsCount }])) } as unknown as ClusterMetadata;
}

function assign(subscriptions: Record<string, string[]>, partitions: Record<string, number>) {
  const members = new Map(Object.entries(subscriptions).map(([memberId, topics]) => [memberId, { memberId, topics, version: 0 }]));
  const result = subscriptionAwareAssigner('a', members, new Set(subscriptions.a), metadataOf(partitions));
  return Object.fromEntries(result.map((member) => [member.memberId, Object.fromEntries([...member.assignments.values()].map((owned) => [owned.topic, owned.partitions]))]));
}

describe('subscriptionAwareAssigner', () => {
  it('gives each topic only to the members that subscribed to it', () => {
    expect(assign({ a: ['orders'], b: ['requests'], c: ['requests'] }, { orders: 3, requests: 4 })).toEqual({
      a: { orders: [0, 1, 2] },
      b: { requests: [0, 2] },
      c: { requests: [1, 3] },
    });
  });

  it('evens the load across topics when members share several', () => {
    const owned = assign({ a: ['x', 'y'], b: ['x', 'y'] }, { x: 3, y: 3 });
    const counts = Object.values(owned).map((topics) => Object.values(topics).flat().length);
    expect(counts).toEqual([3, 3]);
    expect([...owned.a.x, ...owned.b.x].sort()).toEqual([0, 1, 2]);
    expect([...(owned.a.y ?? []), ...(owned.b.y ?? [])].sort()).toEqual([0, 1, 2]);
  });
});
