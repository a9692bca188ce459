/**
 * PgLeases against the Lease contract on each PostgreSQL server the suite runs on, migrated as in
 * production; a severed replica is one whose session the server ended (pg_terminate_backend), as when
 * its network goes or an operator kills it. Here rather than beside the adapter: libs/service-runtime
 * may not import @trottoir/testing, which builds on it.
 */
import type { Leases } from '@trottoir/service-runtime';
import { PgLeases } from '@trottoir/service-runtime';
import { testDatabaseServers, useMigratedDatabase } from '@trottoir/testing';

import { describeLeaseContract } from '../../libs/service-runtime/src/lease/lease.contract';

describe.each(testDatabaseServers())('leases on $name', ({ url: serverUrl }) => {
  const db = useMigratedDatabase(serverUrl);

  describeLeaseContract('PostgreSQL', {
    replica: async (holder) => new PgLeases(db.pool, { holder, sessionTimeoutMs: 30_000 }),
    sever: async (replica: Leases, leaseName: string) => {
      const pid = (replica as PgLeases).lease(leaseName).backendPid();
      if (pid === undefined) throw new Error(`the replica holds no session for ${leaseName}`);
      const { rows } = await db.pool.query<{ ended: boolean }>('select pg_terminate_backend($1) as ended', [pid]);
      expect(rows[0].ended).toBe(true);
    },
  });

  it('records the holder and its term, and shows the holder in pg_stat_activity', async () => {
    const leases = new PgLeases(db.pool, { holder: 'pod-7', sessionTimeoutMs: 30_000 });
    try {
      const term = await leases.lease('visible').acquire();
      const { rows } = await db.pool.query<{ holder: string; epoch: string }>("select holder, epoch::text from service_lease where name = 'visible'");
      expect(rows).toEqual([{ holder: 'pod-7', epoch: String(term?.epoch) }]);
      const sessions = await db.pool.query<{ name: string }>('select application_name as name from pg_stat_activity where pid = $1', [leases.lease('visible').backendPid()]);
      expect(sessions.rows).toEqual([{ name: 'trottoir-lease:visible:pod-7' }]);
    } finally {
      await leases.close();
    }
  });
});
