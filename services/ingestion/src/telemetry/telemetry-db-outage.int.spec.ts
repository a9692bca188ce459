/**
 * Proof: PostgreSQL stopped for 30 s while telemetry keeps arriving, then restarted, loses nothing.
 * The handler awaits the write, so during the outage the batch in hand fails and is retried in place
 * with backoff (nothing new is fetched, nothing is committed); once the server is back every reading
 * is stored, once. Runs on an embedded PostgreSQL of its own, so the test can stop and restart it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { topics } from '@trottoir/contracts';
import type { EmbeddedPostgres } from '@trottoir/local-stack';
import { findFreePorts, silentProgress, startPostgres } from '@trottoir/local-stack';
import type { Consumer, KafkaMessageBus, OutgoingMessage } from '@trottoir/messaging';
import { createPgPool, runMigrations } from '@trottoir/persistence';
import type { Pool } from 'pg';

import { createSpecTopics, kafkaBus, pipelineOn, storedRows, uniqueName, waitFor } from './testing/telemetry-int.harness';
import { InMemorySegmentLookup, protobufBytes, reading, segment } from './testing/telemetry.fixtures';

const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('telemetry pipeline across a PostgreSQL outage (Kafka + embedded PostgreSQL)', () => {
  let bus: KafkaMessageBus;
  let server: EmbeddedPostgres | undefined;
  let pool: Pool | undefined;
  let consumer: Consumer | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trottoir-outage-pg-'));

  beforeAll(async () => {
    bus = await kafkaBus(uniqueName('outage'));
  });

  afterAll(async () => {
    await consumer?.close();
    await bus?.close();
    await pool?.end();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every reading produced before, during and after a 30 s outage', async () => {
    const [port] = await findFreePorts(1);
    server = await startPostgres({ dataDir, port: port as number, attached: true, progress: silentProgress });
    await runMigrations(server.databaseUrl);
    pool = createPgPool(server.databaseUrl, { max: 2, applicationName: 'ingestion-outage-spec', onIdleClientError: () => undefined });

    const prefix = uniqueName('outage');
    const spec = await createSpecTopics(bus, prefix);
    const registry = new InMemorySegmentLookup(Array.from({ length: 20 }, (_, i) => segment(`${prefix}-s${i}`)));
    const nowTs = Date.now();
    let sent = 0;
    const produce = async (count: number) => {
      const messages: OutgoingMessage[] = Array.from({ length: count }, (_, j) => {
        const i = sent + j;
        const id = `${prefix}-s${i % 20}`;
        return { key: id, value: protobufBytes(reading(id, nowTs - 60_000 - i * 10)) };
      });
      sent += count;
      await spec.publishRecords(topics.telemetryRaw, messages);
    };
    const pipeline = await pipelineOn(spec, pool, registry);
    consumer = await spec.subscribe(topics.telemetryRaw, { groupId: uniqueName('ingestion'), maxBatchSize: 500 }, (batch) => pipeline.handle(batch));

    await produce(1_000);
    await waitFor(() => storedRows(pool as Pool, prefix), (rows) => rows === 1_000, 60_000, 'the rows before the outage');

    await server.stop();
    for (let elapsed = 0; elapsed < OUTAGE_MS; elapsed += 5_000) {
      await produce(300);
      await sleep(5_000);
    }
    server = await startPostgres({ dataDir, port: port as number, attached: true, progress: silentProgress });
    await produce(1_000);

    const total = await waitFor(() => storedRows(pool as Pool, prefix), (rows) => rows >= sent, 60_000, 'every reading stored after the outage');
    expect(sent).toBe(3_800);
    expect(total).toBe(sent);
  });
});
