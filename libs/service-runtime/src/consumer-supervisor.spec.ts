/**
 * Per-instance consumer groups on the in-process bus (the Kafka adapter's deleteGroups is proven in its
 * integration spec): named after the instance, deleted on shutdown, and the groups of instances that
 * died without deleting theirs swept by the next instance that starts.
 */
import { Writable } from 'node:stream';

import { allTopics, topics } from '@trottoir/contracts';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';

import { ConsumerSupervisor } from './consumer-supervisor';
import { ReadinessRegistry } from './readiness.registry';

const logger = createLogger({ service: 'dispatch', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

describe('ConsumerSupervisor, per-instance groups', () => {
  let bus: InProcessMessageBus;
  const supervisor = (instanceId: string) => new ConsumerSupervisor('dispatch', bus, logger, new Registry(), new ReadinessRegistry(), instanceId);

  beforeEach(async () => {
    bus = new InProcessMessageBus();
    await bus.ensureTopics(allTopics);
  });
  afterEach(async () => {
    await bus.close();
  });

  it('names each group after the service, its purpose and the instance, new at every start', async () => {
    const first = supervisor('pod-a');
    const second = supervisor('pod-a');
    await first.subscribePerInstance(topics.dispatchAck, { purpose: 'acks' }, async () => undefined);
    await second.subscribePerInstance(topics.dispatchAck, { purpose: 'acks' }, async () => undefined);
    const [a, b] = [first.perInstanceGroups(), second.perInstanceGroups()];
    expect(a).toEqual([expect.stringMatching(/^dispatch-acks-pod-a-[0-9a-f]{8}$/)]);
    expect(b).toEqual([expect.stringMatching(/^dispatch-acks-pod-a-[0-9a-f]{8}$/)]);
    expect(a[0]).not.toBe(b[0]);
    await first.onModuleDestroy();
    await second.onModuleDestroy();
  });

  it('deletes its groups from the bus on shutdown, not the service group', async () => {
    const instance = supervisor('pod-a');
    await instance.subscribePerInstance(topics.dispatchAck, { purpose: 'acks' }, async () => undefined);
    await instance.subscribe(topics.flexOrder, {}, async () => undefined);
    const [group] = instance.perInstanceGroups();
    expect([bus.hasGroup(group), bus.hasGroup('dispatch')]).toEqual([true, true]);
    await instance.onModuleDestroy();
    expect([bus.hasGroup(group), bus.hasGroup('dispatch')]).toEqual([false, true]);
  });

  it('sweeps the empty groups a killed instance left, never a live one', async () => {
    const killed = supervisor('pod-killed');
    const live = supervisor('pod-live');
    const killedConsumer = await killed.subscribePerInstance(topics.dispatchAck, { purpose: 'acks' }, async () => undefined);
    await live.subscribePerInstance(topics.dispatchAck, { purpose: 'acks' }, async () => undefined);
    // Killed: its member is gone (the broker's session expired), its group was never deleted.
    await killedConsumer.close();
    const [left] = killed.perInstanceGroups();
    const [liveGroup] = live.perInstanceGroups();
    expect(bus.hasGroup(left)).toBe(true);

    const next = supervisor('pod-next');
    await next.subscribePerInstance(topics.dispatchAck, { purpose: 'acks' }, async () => undefined);
    expect([bus.hasGroup(left), bus.hasGroup(liveGroup), bus.hasGroup(next.perInstanceGroups()[0])]).toEqual([false, true, true]);
    await live.onModuleDestroy();
    await next.onModuleDestroy();
  });
});
