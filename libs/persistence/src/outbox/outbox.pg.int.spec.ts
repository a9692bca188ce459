/**
 * The outbox contract against PostgreSQL (each server of the suite, migrated as in production), the
 * messages appended in a transaction of the caller's as the registry does; plus what only a database
 * shows: a relay whose connection dies mid-publish leaves its messages for the next relay.
 */
import { describeOutboxStoreContract } from '@trottoir/messaging';
import type { PendingOutboxMessage } from '@trottoir/messaging';
import type { Pool } from 'pg';

import { testDatabaseUrls } from '../testing/database-urls';
import type { MigratedDatabase } from '../testing/migrated-database';
import { closeMigratedDatabase, openMigratedDatabase } from '../testing/migrated-database';
import { appendOutbox, PgOutboxStore } from './outbox.pg';
import { pruneInbox } from './inbox.pg';

async function inTransaction(pool: Pool, work: (client: Pick<Pool, 'query'>) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await work(client);
    await client.query('commit');
  } finally {
    client.release();
  }
}

describe.each(testDatabaseUrls())('PgOutboxStore on $name', ({ name, url }) => {
  let fixture: MigratedDatabase | undefined;
  const pool = (): Pool => {
    if (!fixture) throw new Error('fixture not opened');
    return fixture.pool;
  };

  beforeAll(async () => {
    fixture = await openMigratedDatabase(url);
  });
  afterAll(() => closeMigratedDatabase(fixture));

  describeOutboxStoreContract(`PostgreSQL (${name})`, {
    create: async () => {
      await pool().query('truncate outbox');
      return { store: new PgOutboxStore(pool()), append: (messages) => inTransaction(pool(), (client) => appendOutbox(client, messages)) };
    },
  });

  it('adds nothing when the writer rolls back', async () => {
    await pool().query('truncate outbox');
    const client = await pool().connect();
    try {
      await client.query('begin');
      await appendOutbox(client, [{ topic: 'a.v1', key: 'k', value: Buffer.from('x'), headers: {}, timestampMs: 1 }]);
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect(await new PgOutboxStore(pool()).pendingCount()).toBe(0);
  });

  it('hands the messages of a relay whose connection died mid-publish to the next relay', async () => {
    await pool().query('truncate outbox');
    await inTransaction(pool(), (client) => appendOutbox(client, [{ topic: 'a.v1', key: 'k', value: Buffer.from('x'), headers: {}, timestampMs: 1 }]));
    const store = new PgOutboxStore(pool());
    const killed = store.relay(10, async () => {
      // The relay's own backend, killed the way a crashed process's connection ends.
      await pool().query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query like '%published_at is null%'");
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    await expect(killed).rejects.toThrow();
    const seen: PendingOutboxMessage[] = [];
    expect(await store.relay(10, async (batch) => void seen.push(...batch))).toBe(1);
    expect(Buffer.from(seen[0].value).toString()).toBe('x');
  });

  it('prunes inbox entries processed before the cut-off only', async () => {
    await pool().query("insert into inbox (consumer, event_id, processed_at) values ('c', 'old', now() - interval '10 days'), ('c', 'new', now())");
    expect(await pruneInbox(pool(), Date.now() - 86_400_000)).toBe(1);
    const { rows } = await pool().query<{ event_id: string }>('select event_id from inbox');
    expect(rows.map((row) => row.event_id)).toEqual(['new']);
  });
});
