/**
 * Proof of the outbox (issue 12 §3): the registry writes PostgreSQL, then publishes on Kafka. A process
 * killed (SIGKILL) between the two used to lose the event for good; now the event was committed with the
 * record, and the next relay publishes it. Likewise for a relay killed in the middle of its publish.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';

import { ENVELOPE_HEADERS, topics } from '@trottoir/contracts';
import type { KafkaMessageBus } from '@trottoir/messaging';
import { decodeEvent, NamespacedMessageBus, OutboxRelay } from '@trottoir/messaging';
import { PgOutboxStore } from '@trottoir/persistence';
import { TopicRecorder } from '@trottoir/testing';

import type { SpecDatabase } from '../telemetry/testing/telemetry-int.harness';
import { kafkaBus, migratedDatabase, uniqueName } from '../telemetry/testing/telemetry-int.harness';

const ROOT = path.resolve(__dirname, '../../../..');

function runFixture(env: Record<string, string>, onLine?: (line: string, child: ChildProcess) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'testing/registry-crash.fixture.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json'), ...env },
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) onLine?.(line, child);
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('registry outbox killed between the database and Kafka (Kafka + PostgreSQL)', () => {
  let kafka: KafkaMessageBus;
  let db: SpecDatabase;

  beforeAll(async () => {
    kafka = await kafkaBus(uniqueName('registry-crash'));
    db = await migratedDatabase();
  });

  afterAll(async () => {
    await kafka?.close();
    await db?.pool.end();
    await db?.database.drop();
  });

  const pending = () => new PgOutboxStore(db.pool).pendingCount();

  it('publishes a registration whose process was killed after the commit, once a relay runs again', async () => {
    const bus = new NamespacedMessageBus(kafka, uniqueName('registry-crash'));
    await bus.ensureTopics([topics.fleetGridNode]);
    const nodeId = uniqueName('ps');

    const exit = await runFixture({ DATABASE_URL: db.database.url, NODE_ID: nodeId, MODE: 'register' });
    expect(exit.signal).toBe('SIGKILL');

    // Killed between the two steps: the record is stored and its event waits, unpublished, in the outbox.
    const stored = await db.pool.query<{ node_id: string }>('select node_id from grid_node where node_id = $1', [nodeId]);
    expect(stored.rows).toHaveLength(1);
    expect(await pending()).toBe(1);

    // The service's relay after the restart.
    expect(await new OutboxRelay(new PgOutboxStore(db.pool), bus).flush()).toBe(1);
    const recorder = await TopicRecorder.start(bus, [topics.fleetGridNode]);
    const [message] = await recorder.waitFor(topics.fleetGridNode, 1, 30_000);
    await recorder.stop();
    expect(message.key).toBe(nodeId);
    expect(decodeEvent(topics.fleetGridNode, message)).toMatchObject({ nodeId, dsoId: 'enedis' });
    expect(message.headers[ENVELOPE_HEADERS.source]).toBe('trottoir/ingestion');
    expect(await pending()).toBe(0);
  });

  it('publishes what a relay killed in the middle of its publish held, once another relay runs', async () => {
    const bus = new NamespacedMessageBus(kafka, uniqueName('registry-relay-crash'));
    await bus.ensureTopics([topics.fleetGridNode]);
    const nodeId = uniqueName('ps');
    expect((await runFixture({ DATABASE_URL: db.database.url, NODE_ID: nodeId, MODE: 'register' })).signal).toBe('SIGKILL');

    const exit = await runFixture({ DATABASE_URL: db.database.url, MODE: 'relay' }, (line, child) => {
      if (line === 'publishing') child.kill('SIGKILL');
    });
    expect(exit.signal).toBe('SIGKILL');
    expect(await pending()).toBe(1);

    // The dead relay's lock went with its connection: this one is not shut out.
    expect(await new OutboxRelay(new PgOutboxStore(db.pool), bus).flush()).toBe(1);
    const recorder = await TopicRecorder.start(bus, [topics.fleetGridNode]);
    const messages = await recorder.waitFor(topics.fleetGridNode, 1, 30_000);
    await recorder.stop();
    expect(messages.map((message) => message.key)).toEqual([nodeId]);
  });
});
