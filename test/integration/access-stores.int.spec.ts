/**
 * The access layer's PostgreSQL adapters (audit_log, idempotency_key) against their contract suites,
 * on each server the suite runs on, migrated as in production. Here rather than beside the adapters:
 * libs/service-runtime may not import @trottoir/testing, which builds on it.
 */
import { PgAuditLog, PgIdempotencyStore } from '@trottoir/service-runtime';
import { testDatabaseServers, useMigratedDatabase } from '@trottoir/testing';

import { describeAuditLogContract } from '../../libs/service-runtime/src/access/audit/audit-log.contract';
import { describeIdempotencyStoreContract } from '../../libs/service-runtime/src/access/idempotency/idempotency-store.contract';

describe.each(testDatabaseServers())('access stores on $name', ({ url: serverUrl }) => {
  const db = useMigratedDatabase(serverUrl);

  describeAuditLogContract('PostgreSQL', { open: async () => new PgAuditLog(db.pool) });
  describeIdempotencyStoreContract('PostgreSQL', { open: async () => new PgIdempotencyStore(db.pool) });

  it('lets one of two concurrent first requests with the same key start, never both', async () => {
    const store = new PgIdempotencyStore(db.pool);
    const request = { subject: 'race', key: 'k', fingerprint: 'f', nowTs: Date.UTC(2026, 0, 1), expiresTs: Date.UTC(2026, 0, 2) };
    const outcomes = await Promise.all([store.begin(request), store.begin(request), store.begin(request)]);
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['in-progress', 'in-progress', 'started']);
  });
});
