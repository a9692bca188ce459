// Runs on every server the global setup lists in TROTTOIR_TEST_DATABASE_URLS.
import { Client } from 'pg';

import { createTestDatabase, testDatabaseServers } from './test-database';

const servers = testDatabaseServers().map(({ name, url }) => [name, url] as const);

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('has at least the embedded server to run on', () => {
    expect(servers.map(([name]) => name)).toContain('embedded');
  });

  describe.each(servers)('on %s', (_name, serverUrl) => {
    it('creates a fresh database that the URL reaches, and drops it', async () => {
      const db = await createTestDatabase(serverUrl);
      const [row] = await query<{ db: string }>(db.url, 'select current_database() as db');
      expect(row?.db).toBe(db.name);

      const holder = new Client({ connectionString: db.url });
      await holder.connect();
      holder.on('error', () => undefined);
      await db.drop();
      const left = await query(serverUrl, 'select 1 from pg_database where datname = $1', [db.name]);
      expect(left).toHaveLength(0);
      await holder.end().catch(() => undefined);
    });

    it('gives each call its own name', async () => {
      const [a, b] = await Promise.all([createTestDatabase(serverUrl), createTestDatabase(serverUrl)]);
      try {
        expect(a?.name).not.toBe(b?.name);
      } finally {
        await Promise.all([a?.drop(), b?.drop()]);
      }
    });
  });
});
