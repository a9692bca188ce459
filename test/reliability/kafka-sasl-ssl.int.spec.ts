/**
 * Kafka behind SASL_SSL: a broker of its own whose client listener wants TLS (a CA made here with
 * openssl and keytool) and SCRAM-SHA-512 (users added when its storage is formatted). The ingestion
 * service connects with KAFKA_SASL_* and KAFKA_SSL_CA_FILE and stores what arrives that way; a wrong
 * password, or a CA it was not given, stops it at start with a message that names what to fix.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { topics } from '@trottoir/contracts';
import type { KafkaBroker, KafkaClientAuth, KafkaTlsFiles } from '@trottoir/local-stack';
import { findFreePorts, makeKafkaTlsFiles, silentProgress, startKafka } from '@trottoir/local-stack';
import { KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import { createTestDatabase, TEST_JWT_SECRET } from '@trottoir/testing';

import { startPlatformProcess } from '../e2e/support/platform';
import type { ClusterIngestion } from './support/cluster-ingestion';
import { startClusterIngestion, telemetryRecord } from './support/cluster-ingestion';

const USER = 'trottoir';

describe('Kafka over SASL_SSL (SCRAM-SHA-512, a CA made in the test)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trottoir-kafka-sasl-'));
  const password = randomBytes(12).toString('hex');
  let tls: KafkaTlsFiles;
  let broker: KafkaBroker;
  let ingestion: ClusterIngestion | undefined;

  const serviceEnv = (overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    KAFKA_BROKERS: broker.brokers,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: USER,
    KAFKA_SASL_PASSWORD: password,
    KAFKA_SSL_CA_FILE: tls.caFile,
    ...overrides,
  });

  beforeAll(async () => {
    tls = makeKafkaTlsFiles(path.join(dir, 'tls'));
    const [brokerPort, controllerPort] = await findFreePorts(2);
    const brokerUser = { username: 'broker', password: randomBytes(12).toString('hex') };
    const auth: KafkaClientAuth = { caPem: fs.readFileSync(tls.caFile, 'utf8'), mechanism: 'SCRAM-SHA-512', username: USER, password };
    broker = await startKafka(
      {
        dataDir: path.join(dir, 'kafka'),
        brokerPort: brokerPort as number,
        controllerPort: controllerPort as number,
        attached: true,
        progress: silentProgress,
        security: { mechanism: 'SCRAM-SHA-512', ...tls, interBrokerUser: brokerUser, users: [brokerUser, { username: USER, password }] },
      },
      auth,
    );
  }, 180_000);

  afterAll(async () => {
    await ingestion?.stop();
    await broker?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('ingestion connects with KAFKA_SASL_* and KAFKA_SSL_CA_FILE, and stores readings sent over SASL_SSL', async () => {
    const namespace = `sasl-${randomUUID().slice(0, 8)}`;
    ingestion = await startClusterIngestion(serviceEnv(), namespace, 5);
    const devices = new KafkaMessageBus({
      brokers: [broker.brokers],
      clientId: `${namespace}-devices`,
      tls: { ca: fs.readFileSync(tls.caFile, 'utf8') },
      sasl: { mechanism: 'SCRAM-SHA-512', username: USER, password },
    });
    const bus = new NamespacedMessageBus(devices, namespace);
    try {
      const startTs = Date.now() - 60_000;
      await bus.publishRecords(topics.telemetryRaw, Array.from({ length: 500 }, (_, i) => telemetryRecord(ingestion?.segments ?? [], i, startTs)));
      const deadline = Date.now() + 60_000;
      let stored = await ingestion.storedReadings();
      while (stored.distinct < 500 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        stored = await ingestion.storedReadings();
      }
      expect(stored).toEqual({ rows: 500, distinct: 500 });
    } finally {
      await bus.close();
    }
  }, 180_000);

  /** `trottoir start --services ingestion` with `env`, on a throwaway database: its exit code and output. */
  async function startFails(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
    const database = await createTestDatabase(process.env.DATABASE_URL as string);
    try {
      return await exitOf({ ...process.env, TROTTOIR_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...env, DATABASE_URL: database.url });
    } finally {
      await database.drop();
    }
  }

  async function exitOf(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
    const platform = await startPlatformProcess(env, { services: ['ingestion'] });
    const exited = new Promise<number | null>((resolve) => {
      if (platform.child.exitCode !== null) resolve(platform.child.exitCode);
      else platform.child.once('exit', (code) => resolve(code));
    });
    const code = await Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 180_000))]);
    if (code === 'running') {
      await platform.stop();
      throw new Error(`trottoir start was still running after 180 s:\n${platform.output()}`);
    }
    return { code, output: platform.output() };
  }

  it('a wrong password stops the service at start, naming the user and the variables to check (never the password)', async () => {
    const wrong = `not-${password}`;
    const { code, output } = await startFails(serviceEnv({ KAFKA_SASL_PASSWORD: wrong }));
    expect(code).toBe(1);
    expect(output).toContain(`Kafka at ${broker.brokers} refused the SASL credentials of KAFKA_SASL_USERNAME=${USER}`);
    expect(output).toContain('check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
    expect(output).not.toContain(wrong);
  }, 240_000);

  it('without the CA the broker\'s certificate is not trusted: the service stops at start and says to set KAFKA_SSL_CA_FILE', async () => {
    const { code, output } = await startFails(serviceEnv({ KAFKA_SSL_CA_FILE: '', KAFKA_TLS: 'true' }));
    expect(code).toBe(1);
    expect(output).toContain(`the TLS certificate of Kafka at ${broker.brokers} is not trusted`);
    expect(output).toContain('set KAFKA_SSL_CA_FILE');
  }, 240_000);
});
