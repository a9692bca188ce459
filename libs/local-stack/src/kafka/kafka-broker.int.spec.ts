// Starts its own broker (not the global one) so that it can stop it and check the process is gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

import { findFreePorts } from '../support/ports';
import { silentProgress } from '../support/progress';
import { isProcessAlive } from '../support/processes';
import type { KafkaBroker } from './kafka-broker';
import { startKafka } from './kafka-broker';
import { kafkaAnswers } from './kafka-probe';

describe('startKafka (real broker)', () => {
  let dir: string;
  let broker: KafkaBroker;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-broker-int-'));
    const [brokerPort, controllerPort] = await findFreePorts(2);
    broker = await startKafka({ dataDir: dir, brokerPort: brokerPort as number, controllerPort: controllerPort as number, progress: silentProgress });
  });

  afterAll(async () => {
    await broker?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a metadata request with one broker that is also the controller', async () => {
    const admin = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: Number(broker.brokers.split(':')[1]) }]);
      expect(cluster.controller).toBe(1);
    } finally {
      await admin.disconnect();
    }
  });

  it('logs to its file, not the terminal', () => {
    expect(fs.readFileSync(broker.logFile, 'utf8')).toContain('Kafka Server started');
  });

  it('carries a message from a producer to a consumer', async () => {
    const kafka = new Kafka({ clientId: 'infra-int', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'infra.probe', numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'infra.probe', messages: [{ key: 'segment-1', value: 'powerW=120' }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'infra-int' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'infra.probe', fromBeginning: true });
    const received = await new Promise<{ key: string; value: string }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => resolve({ key: String(message.key), value: String(message.value) }),
      });
    });
    await consumer.disconnect();
    expect(received).toEqual({ key: 'segment-1', value: 'powerW=120' });
  });

  it('stops: the JVM is gone and the port no longer answers', async () => {
    await broker.stop();
    expect(isProcessAlive(broker.pid)).toBe(false);
    expect(await kafkaAnswers(broker.brokers, 2_000)).toBe(false);
  });
});
