/**
 * The one contract suite of the Lease port, run in memory (unit spec) and on PostgreSQL (integration
 * spec). Two replicas contend for each test's own lease; `sever` kills a replica's connection to the
 * lease store while its process lives on (for PostgreSQL, the server ends its session).
 */
import { randomBytes } from 'node:crypto';

import type { Leases } from './lease.port';

export interface LeaseHarness {
  /** A replica: its own leases over the store the others share. */
  replica(holder: string): Promise<Leases>;
  /** The replica's connection to the store dies; its process does not know yet. */
  sever(replica: Leases, leaseName: string): Promise<void>;
  close?(): Promise<void>;
}

const T0 = Date.UTC(2026, 5, 21, 12);
const MINUTE = 60_000;

export function describeLeaseContract(name: string, harness: LeaseHarness): void {
  describe(`Lease contract: ${name}`, () => {
    let a: Leases;
    let b: Leases;
    let lease: string;

    beforeEach(async () => {
      lease = `spec-${randomBytes(4).toString('hex')}`;
      a = await harness.replica('replica-a');
      b = await harness.replica('replica-b');
    });
    afterEach(async () => {
      await a.close();
      await b.close();
    });
    afterAll(async () => {
      await harness.close?.();
    });

    it('goes to one replica at a time; the holder keeps its term while it asks again', async () => {
      const term = await a.lease(lease).acquire();
      expect(term).toEqual({ lease, epoch: expect.any(Number) });
      expect(await b.lease(lease).acquire()).toBeUndefined();
      expect(await a.lease(lease).acquire()).toEqual(term);
      expect([a.lease(lease).held(), b.lease(lease).held()]).toEqual([true, false]);
      expect(a.all().map((held) => held.name)).toEqual([lease]);
    });

    it('goes to the other replica once released, with a later term', async () => {
      const first = await a.lease(lease).acquire();
      await a.lease(lease).release();
      const second = await b.lease(lease).acquire();
      expect(second?.epoch).toBeGreaterThan(first?.epoch ?? Infinity);
      expect(a.lease(lease).held()).toBe(false);
      expect(await a.lease(lease).acquire()).toBeUndefined();
    });

    it('fails over when the holder loses its connection: the holder stops holding, the standby takes a later term', async () => {
      const first = await a.lease(lease).acquire();
      await harness.sever(a, lease);
      const second = await b.lease(lease).acquire();
      expect(second?.epoch).toBeGreaterThan(first?.epoch ?? Infinity);
      expect(await a.lease(lease).acquire()).toBeUndefined();
      expect(a.lease(lease).held()).toBe(false);
    });

    it('claims each interval for one term only: the former holder is fenced, the new one cannot claim it again', async () => {
      const first = await a.lease(lease).acquire();
      if (!first) throw new Error('replica a should hold the lease');
      expect(await a.lease(lease).claimInterval(first, T0)).toBe(true);
      // The same term may claim its interval again (a re-issue of its own), never an earlier one.
      expect(await a.lease(lease).claimInterval(first, T0)).toBe(true);
      expect(await a.lease(lease).claimInterval(first, T0 - MINUTE)).toBe(false);
      await harness.sever(a, lease);
      const second = await b.lease(lease).acquire();
      if (!second) throw new Error('replica b should hold the lease after the fail-over');
      expect(await b.lease(lease).claimInterval(second, T0)).toBe(false);
      expect(await a.lease(lease).claimInterval(first, T0 + MINUTE)).toBe(false);
      expect(await b.lease(lease).claimInterval(second, T0 + MINUTE)).toBe(true);
      expect(await b.lease(lease).claimInterval(first, T0 + 2 * MINUTE)).toBe(false);
    });

    it('refuses a claim by a replica that does not hold the lease', async () => {
      const term = await a.lease(lease).acquire();
      if (!term) throw new Error('replica a should hold the lease');
      expect(await b.lease(lease).claimInterval(term, T0)).toBe(false);
      expect(await a.lease(lease).claimInterval(term, T0)).toBe(true);
    });

    it('keeps leases of different names apart', async () => {
      expect(await a.lease(`${lease}-x`).acquire()).toBeDefined();
      expect(await b.lease(`${lease}-y`).acquire()).toBeDefined();
      expect(await b.lease(`${lease}-x`).acquire()).toBeUndefined();
    });

    it('refuses a name that could not be a metric label', () => {
      expect(() => a.lease('no spaces please')).toThrow(/invalid lease name/);
    });
  });
}
