/**
 * The one contract suite of the IdempotencyStore port, run in memory (unit spec) and on PostgreSQL
 * (integration spec). Each test uses a subject of its own.
 */
import { randomBytes } from 'node:crypto';

import type { IdempotencyStore, IdempotentRequest } from './idempotency-store.port';

export interface IdempotencyStoreHarness {
  open(): Promise<IdempotencyStore>;
  close?(): Promise<void>;
}

const T0 = Date.UTC(2026, 5, 21, 12);
const HOUR = 3_600_000;

export function describeIdempotencyStoreContract(name: string, harness: IdempotencyStoreHarness): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    let store: IdempotencyStore;
    let subject: string;
    const request = (overrides: Partial<IdempotentRequest> = {}): IdempotentRequest => ({ subject, key: 'k1', fingerprint: 'f1', nowTs: T0, expiresTs: T0 + HOUR, ...overrides });

    beforeAll(async () => {
      store = await harness.open();
    });
    afterAll(async () => {
      await harness.close?.();
    });
    beforeEach(() => {
      subject = `sub-${randomBytes(4).toString('hex')}`;
    });

    it('starts a new key, says in progress until completed, then replays the stored answer', async () => {
      expect(await store.begin(request())).toEqual({ outcome: 'started' });
      expect(await store.begin(request({ nowTs: T0 + 1 }))).toEqual({ outcome: 'in-progress' });
      await store.complete(subject, 'k1', { status: 202, contentType: 'application/json; charset=utf-8', body: '{"accepted":1}' });
      expect(await store.begin(request({ nowTs: T0 + 2 }))).toEqual({ outcome: 'replay', response: { status: 202, contentType: 'application/json; charset=utf-8', body: '{"accepted":1}' } });
    });

    it('refuses the same key with another request, and keeps keys apart per subject', async () => {
      await store.begin(request());
      expect(await store.begin(request({ fingerprint: 'f2' }))).toEqual({ outcome: 'mismatch' });
      expect(await store.begin(request({ subject: `${subject}-other`, fingerprint: 'f2' }))).toEqual({ outcome: 'started' });
    });

    it('lets a released key start again, and an expired one be reused with any request', async () => {
      await store.begin(request());
      await store.release(subject, 'k1');
      expect(await store.begin(request({ fingerprint: 'f2' }))).toEqual({ outcome: 'started' });
      await store.complete(subject, 'k1', { status: 200, body: '{}' });
      expect(await store.begin(request({ fingerprint: 'f3', nowTs: T0 + HOUR, expiresTs: T0 + 2 * HOUR }))).toEqual({ outcome: 'started' });
    });

    it('purges expired keys only', async () => {
      await store.begin(request({ key: 'old', expiresTs: T0 + 10 }));
      await store.begin(request({ key: 'new', expiresTs: T0 + HOUR }));
      expect(await store.purgeExpired(T0 + 10)).toBeGreaterThanOrEqual(1);
      expect(await store.begin(request({ key: 'new', nowTs: T0 + 20 }))).toEqual({ outcome: 'in-progress' });
      expect(await store.begin(request({ key: 'old', fingerprint: 'other', nowTs: T0 + 20 }))).toEqual({ outcome: 'started' });
    });
  });
}
