// A throwaway database per test suite on a real PostgreSQL server, so suites never see each other's rows.
import crypto from 'node:crypto';
import { Client } from 'pg';

import { withDatabase } from '@trottoir/local-stack';

export interface TestDatabase {
  /** The new database's name, `trottoir_test_<random>`. */
  name: string;
  /** `serverUrl` pointing at the new database. */
  url: string;
  /** Drops the database, ending sessions still connected to it. */
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates a uniquely named database on the server of `serverUrl` (any database of it). */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `trottoir_test_${crypto.randomBytes(6).toString('hex')}`;
  // The name is ours (hex only), so it needs no quoting beyond the identifier quotes.
  await onServer(serverUrl, `create database "${name}"`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: () => onServer(serverUrl, `drop database if exists "${name}" with (force)`),
  };
}

/**
 * The PostgreSQL servers the global setup started or found (TROTTOIR_TEST_DATABASE_URLS, `name=url,…`),
 * for suites that run once per server. Empty is an error: a suite that runs on nothing must not pass.
 */
export function testDatabaseServers(env: NodeJS.ProcessEnv = process.env): Array<{ name: string; url: string }> {
  const servers = (env.TROTTOIR_TEST_DATABASE_URLS ?? '')
    .split(',')
    .filter((entry) => entry.includes('='))
    .map((entry) => ({ name: entry.slice(0, entry.indexOf('=')), url: entry.slice(entry.indexOf('=') + 1) }));
  if (servers.length === 0) throw new Error('TROTTOIR_TEST_DATABASE_URLS is empty: run the integration specs with vitest.int.config.ts');
  return servers;
}
