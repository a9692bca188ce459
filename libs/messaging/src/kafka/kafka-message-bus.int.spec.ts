import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { Admin, ConfigResourceTypes, ConfigSources } from '@platformatic/kafka';
import type { TopicDefinition } from '@trottoir/contracts';
import { topics } from '@trottoir/contracts';

import { describeMessageBusContract } from '../contract/message-bus.contract';
import { createMessageBus } from '../create-message-bus';
import type { ReceivedMessage } from '../message-bus.port';
import { KafkaMessageBus } from './kafka-message-bus';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const root = path.resolve(__dirname, '../../../..');

/** Runs the crashing consumer in a child process and SIGKILLs it once it holds a batch. */
function crashConsumerHoldingBatch(topic: TopicDefinition, groupId: string): Promise<ReceivedMessage[]> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'fixtures/crashing-consumer.fixture.ts')], {
    cwd: root,
    env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json'), KAFKA_BROKERS: brokers.join(','), TOPIC: topic.name, PARTITIONS: String(topic.partitions), GROUP_ID: groupId },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`crashing consumer exited (${code ?? signal}) before holding a batch: ${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n')) return;
      child.kill('SIGKILL');
      const held = JSON.parse(line) as { topic: string; partition: number; offset: string; key: string }[];
      resolve(held.map((m) => ({ ...m, offset: BigInt(m.offset), value: new Uint8Array(), headers: {}, timestampMs: 0 })));
    });
  });
}

describeMessageBusContract('kafka', {
  timeoutMs: 40_000,
  createBus: async () => {
    const bus = new KafkaMessageBus({
      brokers,
      clientId: 'contract-test',
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 500,
      rebalanceTimeoutMs: 10_000,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    await bus.connect();
    return bus;
  },
  crashConsumerHoldingBatch: (_bus, { topic, groupId }) => crashConsumerHoldingBatch(topic, groupId),
});

describe('KafkaMessageBus readiness', () => {
  it('is what createMessageBus gives when brokers are configured', async () => {
    const bus = createMessageBus({ brokers, clientId: 'factory-test' });
    expect(bus).toBeInstanceOf(KafkaMessageBus);
    await bus.close();
  });

  it('is ready once the brokers answer and not after close', async () => {
    const bus = new KafkaMessageBus({ brokers, clientId: 'readiness-test' });
    await bus.connect();
    expect(bus.isReady()).toBe(true);
    await bus.close();
    expect(bus.isReady()).toBe(false);
  });

  it('is not ready when no broker answers', async () => {
    const bus = new KafkaMessageBus({ brokers: ['127.0.0.1:1'], clientId: 'unreachable-test' });
    await expect(bus.connect()).rejects.toBeDefined();
    expect(bus.isReady()).toBe(false);
    await bus.close();
  });
});

describe('KafkaMessageBus topic settings and groups', () => {
  const admin = () => new Admin({ clientId: 'settings-test-admin', bootstrapBrokers: brokers });

  it('creates topics with the configured replication factor and min.insync.replicas (1 and 1: what one broker allows)', async () => {
    const name = `settings-${randomBytes(4).toString('hex')}`;
    const bus = new KafkaMessageBus({ brokers, clientId: 'settings-test', replicationFactor: 1, minInsyncReplicas: 1 });
    const client = admin();
    try {
      await bus.ensureTopics([{ ...topics.gridNodeState, name, partitions: 2 }]);
      const metadata = await client.metadata({ topics: [name] });
      expect(metadata.topics.get(name)?.partitions.map((partition) => partition.replicas.length)).toEqual([1, 1]);
      const [described] = await client.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: name, configurationKeys: ['min.insync.replicas'] }] });
      expect(described.configs.find((config) => config.name === 'min.insync.replicas')).toMatchObject({ value: '1', configSource: ConfigSources.TOPIC_CONFIG });
    } finally {
      await client.close();
      await bus.close();
    }
  });

  it('refuses a replication factor the cluster cannot hold, naming the topic', async () => {
    const bus = new KafkaMessageBus({ brokers, clientId: 'settings-test', replicationFactor: 3 });
    try {
      await expect(bus.ensureTopics([{ ...topics.gridNodeState, name: `settings-${randomBytes(4).toString('hex')}` }])).rejects.toBeDefined();
    } finally {
      await bus.close();
    }
  });

  it('deletes a closed group, and sweeps empty groups by prefix but not one with a member', async () => {
    const prefix = `sweep-${randomBytes(4).toString('hex')}-`;
    const name = `${prefix}topic`;
    const bus = new KafkaMessageBus({ brokers, clientId: 'groups-test', sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 });
    const client = admin();
    const groupsNow = async () => [...(await client.listGroups()).keys()].filter((id) => id.startsWith(prefix)).sort();
    try {
      await bus.ensureTopics([{ ...topics.gridNodeState, name, partitions: 1 }]);
      const topic = { ...topics.gridNodeState, name, partitions: 1 };
      const consume = async (groupId: string) => {
        const consumer = await bus.subscribe(topic, { groupId }, async () => undefined);
        await vi.waitFor(() => expect(consumer.assignment()).not.toEqual([]), { timeout: 30_000, interval: 100 });
        return consumer;
      };
      const [closed, empty, live] = [`${prefix}closed`, `${prefix}empty`, `${prefix}live`];
      await (await consume(closed)).close();
      await (await consume(empty)).close();
      const liveConsumer = await consume(live);
      expect(await groupsNow()).toEqual([closed, empty, live]);
      await bus.deleteGroups([closed]);
      expect(await groupsNow()).toEqual([empty, live]);
      expect(await bus.deleteEmptyGroups(prefix)).toEqual([empty]);
      expect(await groupsNow()).toEqual([live]);
      await liveConsumer.close();
    } finally {
      await client.close();
      await bus.close();
    }
  });
});
