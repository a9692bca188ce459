/**
 * Kafka and PostgreSQL for the ingestion benchmark: the ones named by KAFKA_BROKERS / DATABASE_URL
 * (a throwaway database on that server), else a broker and an embedded PostgreSQL started here on free
 * ports in a temp dir. `stop()` undoes exactly what was started.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { findFreePorts, startKafka, startPostgres } from '@trottoir/local-stack';
import { runMigrations } from '@trottoir/persistence';
import { createTestDatabase } from '@trottoir/testing';

export interface BenchInfrastructure {
  brokers: string;
  databaseUrl: string;
  /** Where the started servers and the CPU profile live. */
  workDir: string;
  describe: string[];
  /** Processes started here (none for servers given by KAFKA_BROKERS / DATABASE_URL), for the CPU breakdown. */
  pids: { kafka?: number; postgres?: number };
  stop(): Promise<void>;
}

export async function startInfrastructure(log: (line: string) => void): Promise<BenchInfrastructure> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trottoir-bench-ingest-'));
  const stops: (() => Promise<void>)[] = [];
  const describe: string[] = [];
  const pids: BenchInfrastructure['pids'] = {};
  const dirs = [workDir];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => log(`cleanup: ${(error as Error).message}`));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // allSettled: when one fails, the other is still registered for stop() before we unwind.
    const settled = await Promise.allSettled([
      (async () => {
        if (process.env.KAFKA_BROKERS) return process.env.KAFKA_BROKERS;
        const [brokerPort, controllerPort] = await findFreePorts(2);
        const broker = await startKafka({ dataDir: path.join(workDir, 'kafka'), brokerPort: brokerPort as number, controllerPort: controllerPort as number, attached: true, progress: log });
        stops.push(() => broker.stop());
        pids.kafka = broker.pid;
        describe.push(`kafka: started Apache Kafka ${broker.version} at ${broker.brokers} (pid ${broker.pid})`);
        return broker.brokers;
      })(),
      (async () => {
        if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
        const [port] = await findFreePorts(1);
        // A mkdtemp dir of its own: the server's base dir, handed to its unprivileged user.
        const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trottoir-bench-ingest-pg-'));
        dirs.push(pgDir);
        const server = await startPostgres({ dataDir: pgDir, port: port as number, attached: true, progress: log });
        stops.push(() => server.stop());
        pids.postgres = server.pid;
        describe.push(`postgres: started embedded PostgreSQL on port ${port} (pid ${server.pid})`);
        return server.databaseUrl;
      })(),
    ]);
    for (const result of settled) if (result.status === 'rejected') throw result.reason;
    const [brokers, serverUrl] = settled.map((result) => (result as PromiseFulfilledResult<string>).value);
    if (process.env.KAFKA_BROKERS) describe.push(`kafka: ${brokers} (KAFKA_BROKERS; expects no earlier telemetry.raw.v1 backlog of group "ingestion")`);
    let databaseUrl = serverUrl;
    if (process.env.DATABASE_URL) {
      const database = await createTestDatabase(serverUrl);
      stops.push(() => database.drop());
      databaseUrl = database.url;
      describe.push(`postgres: throwaway database on the DATABASE_URL server`);
    }
    await runMigrations(databaseUrl);
    return { brokers, databaseUrl, workDir, describe, pids, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
