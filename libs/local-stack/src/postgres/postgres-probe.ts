// Asks a PostgreSQL server whether it answers, and creates the application database when missing.
import { Client } from 'pg';

import { InfraError } from '../infra.errors';
import { sleep } from '../support/processes';

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether `select 1` succeeds at `url`. */
export async function postgresAnswers(url: string): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the server at `url` answers; throws InfraError with the last error after `timeoutMs`. */
export async function waitForPostgres(url: string, timeoutMs: number, diagnostics?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await withClient(url, (client) => client.query('select 1'));
      return;
    } catch (error) {
      if (Date.now() >= deadline) {
        const details = diagnostics ? `\n${diagnostics()}` : '';
        throw new InfraError(`PostgreSQL at ${redactUrl(url)} did not answer within ${Math.round(timeoutMs / 1000)} s: ${String(error)}${details}`);
      }
      await sleep(300);
    }
  }
}

/** Creates database `name` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  });
}

/** The URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** `url` pointing at database `name` on the same server. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}
