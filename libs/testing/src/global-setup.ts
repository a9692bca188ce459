// Vitest globalSetup of vitest.int.config.ts: real Kafka and PostgreSQL for the integration specs.
// Test workers start after this runs and inherit the process.env it sets: KAFKA_BROKERS, DATABASE_URL,
// EMBEDDED_DATABASE_URL and TROTTOIR_TEST_DATABASE_URLS (`name=url,…`, for suites that run on each).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { findFreePorts, kafkaAnswers, postgresAnswers, redactUrl, startKafka, startPostgres } from '@trottoir/local-stack';

import type { StartedComponent } from './infra-handles';
import globalTeardown from './global-teardown';
import { rememberStarted } from './infra-handles';

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return dir;
}

async function setUpKafka(started: StartedComponent[]): Promise<string> {
  const given = process.env.KAFKA_BROKERS;
  if (given) {
    if (!(await kafkaAnswers(given, 10_000))) throw new Error(`KAFKA_BROKERS=${given} does not answer a metadata request`);
    console.log(`[int] kafka     ${given} (given by KAFKA_BROKERS)`);
    return given;
  }
  const dir = tempDir('trottoir-int-kafka-');
  const [brokerPort, controllerPort] = await findFreePorts(2);
  const broker = await startKafka({ dataDir: dir, brokerPort: brokerPort as number, controllerPort: controllerPort as number, attached: true });
  started.push({
    name: 'kafka',
    stop: async () => {
      await broker.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
  console.log(`[int] kafka     ${broker.brokers} (Apache Kafka ${broker.version}, pid ${broker.pid}, log ${broker.logFile})`);
  return broker.brokers;
}

async function setUpEmbeddedPostgres(started: StartedComponent[]): Promise<string> {
  // mkdtemp makes a 0700 root-owned dir: it becomes the server's own base dir, handed to its user.
  const dir = tempDir('trottoir-int-pg-');
  const [port] = await findFreePorts(1);
  const server = await startPostgres({ dataDir: dir, port: port as number, attached: true });
  started.push({
    name: 'postgres',
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
  console.log(`[int] postgres  ${redactUrl(server.databaseUrl)} (embedded PostgreSQL, pid ${server.pid})`);
  return server.databaseUrl;
}

/**
 * The PostgreSQL *server* the suites run against besides the embedded one: DATABASE_URL when given,
 * else the machine's own server on 127.0.0.1:5432 when one answers there (override the address with
 * TROTTOIR_TEST_SERVER_DATABASE_URL), else none.
 */
async function findServerDatabase(): Promise<{ url: string; origin: string } | undefined> {
  const given = process.env.DATABASE_URL;
  if (given) {
    if (!(await postgresAnswers(given))) throw new Error(`DATABASE_URL=${redactUrl(given)} does not answer`);
    return { url: given, origin: 'given by DATABASE_URL' };
  }
  const local = process.env.TROTTOIR_TEST_SERVER_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  return (await postgresAnswers(local)) ? { url: local, origin: 'PostgreSQL server found on this machine' } : undefined;
}

/** Returns the teardown, as Vitest expects: it stops what this started, and only that. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const started: StartedComponent[] = [];
  rememberStarted(started);
  console.log('');
  const server = await findServerDatabase();
  const [brokers, embeddedUrl] = await Promise.all([setUpKafka(started), setUpEmbeddedPostgres(started)]);
  process.env.KAFKA_BROKERS = brokers;
  process.env.EMBEDDED_DATABASE_URL = embeddedUrl;
  process.env.DATABASE_URL = server?.url ?? embeddedUrl;
  process.env.TROTTOIR_TEST_DATABASE_URLS = [server ? `server=${server.url}` : undefined, `embedded=${embeddedUrl}`]
    .filter((entry): entry is string => entry !== undefined)
    .join(',');
  if (server) console.log(`[int] database  ${redactUrl(server.url)} (${server.origin})`);
  return globalTeardown;
}
