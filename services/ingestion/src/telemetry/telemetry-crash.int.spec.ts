/**
 * Proof: an ingestion process killed with SIGKILL mid-stream and replaced ends with exactly one stored
 * row per valid reading sent (no loss: offsets are committed after the write; no duplicate: the write
 * is idempotent on (segment_id, ts)).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';

import { topics } from '@trottoir/contracts';
import type { KafkaMessageBus, OutgoingMessage } from '@trottoir/messaging';
import type { NamespacedMessageBus } from '@trottoir/messaging';

import type { SpecDatabase } from './testing/telemetry-int.harness';
import { createSpecTopics, kafkaBus, migratedDatabase, storedRows, uniqueName, waitFor } from './testing/telemetry-int.harness';
import { protobufBytes, reading } from './testing/telemetry.fixtures';

const ROOT = path.resolve(__dirname, '../../../..');
const SEGMENTS = 50;
const READINGS = 20_000;

function startConsumer(spec: NamespacedMessageBus, db: SpecDatabase, prefix: string, groupId: string, commissionedAt: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'testing/ingestion-consumer.fixture.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json'),
      DATABASE_URL: db.database.url,
      TOPIC_NAMESPACE: spec.namespace,
      GROUP_ID: groupId,
      SEGMENT_PREFIX: prefix,
      SEGMENT_COUNT: String(SEGMENTS),
      COMMISSIONED_AT: String(commissionedAt),
      BATCH_SIZE: '200',
    },
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`consumer exited early with ${code}`)));
  });
}

describe('telemetry pipeline killed mid-stream (Kafka + PostgreSQL)', () => {
  let bus: KafkaMessageBus;
  let db: SpecDatabase;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    bus = await kafkaBus(uniqueName('crash'));
    db = await migratedDatabase();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await bus?.close();
    await db?.pool.end();
    await db?.database.drop();
  });

  it('stores exactly one row per valid reading after a SIGKILL and a restart', async () => {
    const prefix = uniqueName('crash');
    const spec = await createSpecTopics(bus, prefix);
    const groupId = uniqueName('ingestion');
    const nowTs = Date.now();
    const messages: OutgoingMessage[] = Array.from({ length: READINGS }, (_, i) => {
      const id = `${prefix}-s${i % SEGMENTS}`;
      return { key: id, value: protobufBytes(reading(id, nowTs - 60_000 - i * 10)) };
    });
    await spec.publishRecords(topics.telemetryRaw, messages.slice(0, READINGS / 2));

    const first = await startConsumer(spec, db, prefix, groupId, nowTs - 86_400_000);
    children.push(first);
    await waitFor(() => storedRows(db.pool, prefix), (rows) => rows > 0, 60_000, 'the first rows');
    // Keep producing while the first consumer works, then kill it without warning.
    await spec.publishRecords(topics.telemetryRaw, messages.slice(READINGS / 2));
    first.kill('SIGKILL');
    const rowsAtKill = await storedRows(db.pool, prefix);

    children.push(await startConsumer(spec, db, prefix, groupId, nowTs - 86_400_000));
    await waitFor(() => storedRows(db.pool, prefix), (rows) => rows >= READINGS, 90_000, 'every reading stored');
    expect(rowsAtKill).toBeLessThan(READINGS);
    expect(await storedRows(db.pool, prefix)).toBe(READINGS);
  });
});
