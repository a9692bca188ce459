import { spawn } from 'node:child_process';
import path from 'node:path';

import type { TopicDefinition } from '@trottoir/contracts';

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
