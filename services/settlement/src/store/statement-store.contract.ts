/**
 * The one contract suite of the statement store, run against every adapter: PgStatementStore on each
 * PostgreSQL the integration suite runs on, InMemoryStatementStore in the unit specs. An order is followed
 * once however often it is recorded; versions are appended in sequence and never rewritten (a stale
 * decision gets 'conflict'); a settled order is made pending again only by a change in its own inputs.
 */
import { randomUUID } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import type { StatementVersionRecord } from './statement-records';
import { statementIdOfAllocation, statementIdOfOrder } from './statement-records';
import type { StatementStore } from './statement-store.port';

export interface StatementStoreHarness {
  /** An empty store on the system under test, for the whole suite. */
  open(): Promise<StatementStore>;
}

const T0 = Date.UTC(2026, 5, 22, 12);
const MIN = 60_000;

function aVersion(orderId: string, version: number, overrides: Partial<StatementVersionRecord> = {}): StatementVersionRecord {
  return {
    statementId: statementIdOfOrder(orderId),
    kind: 'order',
    orderId,
    nodeId: 'ps01',
    dsoId: 'enedis',
    version,
    contentSha256: `${'ab'.repeat(31)}${String(version).padStart(2, '0')}`,
    document: `{"orderId":"${orderId}","version":${version}}`,
    ...(version > 1 ? { changes: '[{"path":"/version","from":1,"to":2,"delta":1}]' } : {}),
    dataChangeId: 40 + version,
    dataAsOf: T0 + version * MIN,
    issuedAt: T0 + version * MIN + 5,
    ...overrides,
  };
}

export function describeStatementStoreContract(name: string, harness: StatementStoreHarness): void {
  describe(`statement store contract (${name})`, () => {
    let store: StatementStore;
    beforeAll(async () => {
      store = await harness.open();
    });

    it('follows an order once, however often it is recorded, and lists it when due', async () => {
      const orderId = randomUUID();
      expect(await store.followOrder({ orderId, nodeId: 'ps01', acceptedAt: T0 })).toBe('inserted');
      expect(await store.followOrder({ orderId, nodeId: 'ps01', acceptedAt: T0 })).toBe('duplicate');
      expect((await store.pendingOrders(T0, 1_000)).filter((o) => o.orderId === orderId)).toEqual([{ orderId, nodeId: 'ps01', acceptedAt: T0, attempts: 0, lastError: '' }]);
      await store.planOrder(orderId, T0 + 30 * MIN);
      expect((await store.pendingOrders(T0 + 29 * MIN, 1_000)).some((o) => o.orderId === orderId)).toBe(false);
      // Waiting means tried and not settled: planned is not waiting, deferred is.
      const waiting = await store.waitingOrders();
      await store.deferOrder(orderId, 'MissingDataError: no meteredW', T0 + 20 * MIN);
      expect(await store.waitingOrders()).toBe(waiting + 1);
      expect((await store.pendingOrders(T0 + 30 * MIN, 1_000)).find((o) => o.orderId === orderId)).toEqual({ orderId, nodeId: 'ps01', acceptedAt: T0, dueAt: T0 + 30 * MIN, attempts: 1, lastError: 'MissingDataError: no meteredW' });
      // A retry later than it was due moves it on: a failing order does not crowd out the others.
      await store.deferOrder(orderId, 'MissingDataError: no meteredW', T0 + 32 * MIN);
      expect((await store.pendingOrders(T0 + 31 * MIN, 1_000)).some((o) => o.orderId === orderId)).toBe(false);
      expect((await store.pendingOrders(T0 + 32 * MIN, 1_000)).find((o) => o.orderId === orderId)).toMatchObject({ dueAt: T0 + 32 * MIN, attempts: 2 });
      expect(await store.waitingOrders()).toBe(waiting + 1);
      await store.orderSettled(orderId, { dataFromTs: T0, dataToTs: T0 + MIN, baselineDays: [] });
      expect(await store.waitingOrders()).toBe(waiting);
      expect(await store.orderScope(orderId)).toEqual({ nodeId: 'ps01' });
      expect(await store.orderScope(randomUUID())).toBeUndefined();
    });

    it('appends versions in sequence, never rewrites one, and refuses a stale decision', async () => {
      const orderId = randomUUID();
      const statementId = statementIdOfOrder(orderId);
      expect(await store.latestVersion(statementId)).toBeUndefined();
      expect(await store.appendVersion(aVersion(orderId, 1))).toBe('inserted');
      expect(await store.appendVersion(aVersion(orderId, 1, { document: '{"other":true}' }))).toBe('conflict');
      expect(await store.appendVersion(aVersion(orderId, 3))).toBe('conflict');
      expect(await store.appendVersion(aVersion(orderId, 2))).toBe('inserted');
      expect(await store.latestVersion(statementId)).toEqual(aVersion(orderId, 2));
      const summary = await store.statement(statementId);
      expect(summary).toEqual({ statementId, kind: 'order', orderId, nodeId: 'ps01', dsoId: 'enedis', versions: [aVersion(orderId, 1), aVersion(orderId, 2)] });
      expect(await store.statementsOfOrder(orderId)).toEqual([summary]);
      expect(await store.statementsOfOrder(randomUUID())).toEqual([]);
      expect(await store.statementScope(statementId)).toEqual({ nodeId: 'ps01' });
      expect(await store.statementScope('order-nobody')).toBeUndefined();
    });

    it('hands out unpublished versions until they are marked published, once', async () => {
      const orderId = randomUUID();
      await store.appendVersion(aVersion(orderId, 1));
      const mine = async () => (await store.unpublishedVersions(10_000)).filter((v) => v.orderId === orderId);
      expect((await mine()).map((v) => v.version)).toEqual([1]);
      await store.markPublished(statementIdOfOrder(orderId), 1, T0 + 10 * MIN);
      await store.markPublished(statementIdOfOrder(orderId), 1, T0 + 20 * MIN);
      expect(await mine()).toEqual([]);
      expect((await store.latestVersion(statementIdOfOrder(orderId)))?.publishedAt).toBe(T0 + 10 * MIN);
    });

    it('makes a settled order pending again only for a change in its data window or baseline days', async () => {
      const [inWindow, onBaselineDay, elsewhere]: string[] = [randomUUID(), randomUUID(), randomUUID()];
      const day = Date.UTC(2030, 0, 7, 12);
      for (const orderId of [inWindow, onBaselineDay, elsewhere]) {
        await store.followOrder({ orderId, nodeId: 'ps01', acceptedAt: day });
        await store.planOrder(orderId, day);
      }
      await store.orderSettled(inWindow, { dataFromTs: day, dataToTs: day + 2 * MIN, baselineDays: [] });
      await store.orderSettled(onBaselineDay, { dataFromTs: day + 60 * MIN, dataToTs: day + 61 * MIN, baselineDays: ['2029-12-31', '2030-01-02'] });
      await store.orderSettled(elsewhere, { dataFromTs: day + 120 * MIN, dataToTs: day + 121 * MIN, baselineDays: ['2029-12-30'] });
      const pending = async () => new Set((await store.pendingOrders(day + 1_000 * MIN, 10_000)).map((o) => o.orderId));
      expect([...(await pending())].filter((id) => [inWindow, onBaselineDay, elsewhere].includes(id))).toEqual([]);
      // A quarter-hour that starts 14 minutes before the window overlaps it; one ending at its start does not.
      expect(await store.resettleFor([{ bucketStartTs: day - 15 * MIN, localDay: '2030-01-07' }], 15 * MIN)).toBe(0);
      expect(await store.resettleFor([{ bucketStartTs: day - 14 * MIN, localDay: '2030-01-07' }, { bucketStartTs: Date.UTC(2030, 0, 2, 9), localDay: '2030-01-02' }], 15 * MIN)).toBe(2);
      const now = await pending();
      expect([inWindow, onBaselineDay, elsewhere].map((id) => now.has(id))).toEqual([true, true, false]);
      // Already pending: not counted twice.
      expect(await store.resettleFor([{ bucketStartTs: day, localDay: '2030-01-07' }], 15 * MIN)).toBe(0);
    });

    it('follows a month of an operation once, allocates it when due, and again after data in its window change', async () => {
      const nodeId = `lv-${randomUUID()}`;
      const june = Date.UTC(2031, 5, 1);
      const july = Date.UTC(2031, 6, 1);
      expect(await store.followAllocationPeriod({ nodeId, month: '2031-06', dueAt: july + 30 * MIN })).toBe('inserted');
      expect(await store.followAllocationPeriod({ nodeId, month: '2031-06', dueAt: july + 99 * MIN })).toBe('duplicate');
      const mine = async (nowTs: number) => (await store.pendingAllocationPeriods(nowTs, 10_000)).filter((p) => p.nodeId === nodeId);
      expect(await mine(july)).toEqual([]);
      await store.deferAllocationPeriod(nodeId, '2031-06', 'MissingDataError: no production', july);
      expect(await mine(july + 30 * MIN)).toEqual([{ nodeId, month: '2031-06', dueAt: july + 30 * MIN, attempts: 1, lastError: 'MissingDataError: no production' }]);
      await store.allocationPeriodSettled(nodeId, '2031-06', { dataFromTs: june, dataToTs: july });
      expect(await mine(july + 30 * MIN)).toEqual([]);
      expect(await store.resettleFor([{ bucketStartTs: july, localDay: '2031-07-01' }], 15 * MIN)).toBe(0);
      expect(await store.resettleFor([{ bucketStartTs: july - 15 * MIN, localDay: '2031-06-30' }], 15 * MIN)).toBe(1);
      expect((await mine(july + 30 * MIN)).map((p) => p.month)).toEqual(['2031-06']);
      // The organiser's data: only the operation's own months that overlap, and only once.
      await store.allocationPeriodSettled(nodeId, '2031-06', { dataFromTs: june, dataToTs: july });
      expect(await store.reopenAllocationPeriods(`other-${nodeId}`, june, july)).toBe(0);
      expect(await store.reopenAllocationPeriods(nodeId, july, july + 15 * MIN)).toBe(0);
      expect(await store.reopenAllocationPeriods(nodeId, july - 15 * MIN, july)).toBe(1);
      expect(await store.reopenAllocationPeriods(nodeId, june, july)).toBe(0);
      expect((await mine(july + 30 * MIN)).map((p) => p.month)).toEqual(['2031-06']);
    });

    it('keeps allocation statements, one per participant of an operation\'s month, without an order', async () => {
      const nodeId = `lv-${randomUUID()}`;
      const record = (participant: string): StatementVersionRecord => {
        const { orderId: _orderId, ...base } = aVersion('x', 1);
        return { ...base, statementId: statementIdOfAllocation(nodeId, '2031-06', participant), kind: 'allocation', nodeId };
      };
      expect(await store.appendVersion(record('street-lighting'))).toBe('inserted');
      expect(await store.appendVersion(record('ev-charging'))).toBe('inserted');
      const statements = await store.allocationStatements(nodeId, '2031-06');
      expect(statements.map((s) => [s.statementId, s.kind, s.orderId, s.nodeId])).toEqual([
        [statementIdOfAllocation(nodeId, '2031-06', 'ev-charging'), 'allocation', undefined, nodeId],
        [statementIdOfAllocation(nodeId, '2031-06', 'street-lighting'), 'allocation', undefined, nodeId],
      ]);
      expect(statements[0].versions[0]).toEqual(record('ev-charging'));
      expect(await store.allocationStatements(nodeId, '2031-07')).toEqual([]);
      expect(await store.statementScope(statementIdOfAllocation(nodeId, '2031-06', 'ev-charging'))).toEqual({ nodeId });
    });

    it('keeps a cursor that only moves forward', async () => {
      const name = `cursor-${randomUUID()}`;
      expect(await store.cursor(name)).toBe(0);
      await store.moveCursor(name, 42);
      await store.moveCursor(name, 17);
      expect(await store.cursor(name)).toBe(42);
    });
  });
}
