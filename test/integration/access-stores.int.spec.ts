/**
 * The access layer's PostgreSQL adapters (audit_log, idempotency_key) against their contract suites,
 * on each server the suite runs on, migrated as in production. Here rather than beside the adapters:
 * libs/service-runtime may not import @trottoir/testing, which builds on it.
 */
import { createPgPool, runMigrations } from '@trottoir/persistence';
import { PgAuditLog, PgIdempotencyStore } from '@trottoir/service-runtime';
import type { TestDatabase } from '@trottoir/testing';
import { createTestDatabase, testDatabaseServers } from '@trottoir/testing';
import type { Pool } from 'pg';

import { describeAuditLogContract } from '../../libs/service-runtime/src/access/audit/audit-log.contract';
import { describeIdempotencyStoreContract } from '../../libs/service-runtime/src/access/idempotency/idempotency-store.contract';

describe.each(testDatabaseServers())('access stores on $name', ({ url: serverUrl }) => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl);
    await runMigrations(database.url);
    pool = createPgPool(database.url, { max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  describeAuditLogContract('PostgreSQL', { open: async () => new PgAuditLog(pool) });
  describeIdempotencyStoreContract('PostgreSQL', { open: async () => new PgIdempotencyStore(pool) });

  it('lets one of two concurrent first requests with the same key start, never both', async () => {
    const store = new PgIdempotencyStore(pool);
    const request = { subject: 'race', key: 'k', fingerprint: 'f', nowTs: Date.UTC(2026, 0, 1), expiresTs: Date.UTC(2026, 0, 2) };
    const outcomes = await Promise.all([store.begin(request), store.begin(request), store.begin(request)]);
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['in-progress', 'in-progress', 'started']);
  });
});
