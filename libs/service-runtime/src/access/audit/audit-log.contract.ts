/**
 * The one contract suite of the AuditLog port: `describeAuditLogContract(name, harness)` states what
 * every adapter does (in memory in a unit spec, PostgreSQL in an integration spec). Each test writes
 * under a service name of its own, so the log may hold other entries.
 */
import { randomBytes } from 'node:crypto';

import type { AuditEntry, AuditLog } from './audit-log.port';

export interface AuditLogHarness {
  open(): Promise<AuditLog>;
  close?(): Promise<void>;
}

const T0 = Date.UTC(2026, 5, 21, 12);

export function describeAuditLogContract(name: string, harness: AuditLogHarness): void {
  describe(`AuditLog contract: ${name}`, () => {
    let log: AuditLog;
    let service: string;
    const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
      at: T0,
      service,
      requestId: `req-${randomBytes(3).toString('hex')}`,
      subject: 'alice',
      roles: ['dso-operator'],
      method: 'PUT',
      route: '/v1/grid-nodes/:id',
      path: '/v1/grid-nodes/ps01',
      targetIds: ['ps01'],
      status: 200,
      durationMs: 12,
      ...overrides,
    });

    beforeAll(async () => {
      log = await harness.open();
    });
    afterAll(async () => {
      await harness.close?.();
    });
    beforeEach(() => {
      service = `svc-${randomBytes(4).toString('hex')}`;
    });

    it('gives back every field it stored, the optional ones present or absent', async () => {
      const refused = entry({ at: T0 + 1, subject: undefined, roles: [], status: 401, error: 'no bearer token', targetIds: [] });
      const accepted = entry();
      await log.append(accepted);
      await log.append(refused);
      const listed = await log.list({ service, limit: 10 });
      expect(listed).toEqual([refused, accepted]);
      expect(listed[0].subject).toBeUndefined();
      expect(listed[1].error).toBeUndefined();
    });

    it('lists newest first within [from, to), at most limit', async () => {
      for (let i = 0; i < 5; i++) await log.append(entry({ at: T0 + i * 60_000, requestId: `r${i}` }));
      expect((await log.list({ service, limit: 10, fromTs: T0 + 60_000, toTs: T0 + 240_000 })).map((e) => e.requestId)).toEqual(['r3', 'r2', 'r1']);
      expect((await log.list({ service, limit: 2 })).map((e) => e.requestId)).toEqual(['r4', 'r3']);
    });

    it('filters by subject', async () => {
      await log.append(entry({ subject: 'alice', requestId: 'a' }));
      await log.append(entry({ subject: 'bob', requestId: 'b' }));
      expect((await log.list({ service, subject: 'bob', limit: 10 })).map((e) => e.requestId)).toEqual(['b']);
    });
  });
}
