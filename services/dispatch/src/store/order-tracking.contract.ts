/**
 * The one contract suite of order tracking, run against PgOrderTracking (integration spec, each
 * PostgreSQL of the suite) and InMemoryOrderTracking (unit spec): a state comes back exactly as saved,
 * an order starts tracked once, every write of an owner is fenced by its epoch, and an adoption is a
 * compare-and-set that exactly one of two contending replicas wins.
 */
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TrackedOrderState } from '../delivery/tracked-order-state';
import { TRACKED_ORDER_STATE_VERSION } from '../delivery/tracked-order-state';
import type { OrderTracking } from './order-tracking.port';

export interface OrderTrackingHarness {
  /** The store under test, shared by the whole suite (ids are unique per test). */
  open(): Promise<OrderTracking>;
  close?(): Promise<void>;
}

const T0 = Date.UTC(2026, 5, 21, 12);

export function aTrackedState(orderId: string, overrides: Partial<TrackedOrderState> = {}): TrackedOrderState {
  return {
    version: TRACKED_ORDER_STATE_VERSION,
    orderId,
    nodeId: 'LV1',
    ispMs: 60_000,
    segmentsBelow: ['s1', 's2'],
    isps: [{ ispStart: T0, orderedW: 4_000, baselineW: -6_000.125, pvExpectedW: 6_000.1, redispatches: 1, lastRedispatchAt: T0 + 20_000, final: false, asks: [{ fromTs: T0, deltaW: 4_000 }, { fromTs: T0 + 20_000, deltaW: 4_321.5 }] }],
    commanded: [['s1', [T0]]],
    lost: ['s2'],
    sent: [['s1', [{ segmentId: 's1', ts: T0, validUntil: T0 + 60_000, pvLimitW: 1_000.5, setpointId: 'sp-1' }]]],
    atOrder: [['s1', { ts: T0 - 30_000, pvPowerW: 3_000, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0, batterySocPct: 50, netPowerW: -3_000 }]],
    skyRatio: 0.9137,
    measured: [[T0, [['s1', { sumW: -2_000.75, naturalSumW: -5_900.1, naturalPvSumW: 5_900.1, count: 2 }]]]],
    measuredUntil: [[T0, T0 + 20_000]],
    pendingAcks: [{ setpointId: 'sp-1', segmentId: 's1', deadlineTs: T0 + 30_000 }],
    ...overrides,
  };
}

export function describeOrderTrackingContract(name: string, harness: OrderTrackingHarness): void {
  describe(`OrderTracking contract: ${name}`, () => {
    let tracking: OrderTracking;
    const id = () => `order-${randomUUID()}`;
    const instance = (who: string) => `${who}-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      tracking = await harness.open();
    });
    afterAll(async () => {
      await harness.close?.();
    });

    it('starts an order once, under epoch 1, and gives its state back exactly', async () => {
      const orderId = id();
      const a = instance('a');
      const state = aTrackedState(orderId);
      expect(await tracking.start(a, state)).toBe(true);
      expect(await tracking.start(instance('b'), aTrackedState(orderId, { lost: [] }))).toBe(false);
      expect(await tracking.tracked(orderId)).toEqual({ orderId, owner: a, epoch: 1, state });
      expect(await tracking.ownedBy(a)).toEqual([{ orderId, epoch: 1 }]);
      expect(await tracking.owners()).toContain(a);
      expect(await tracking.tracked(id())).toBeUndefined();
    });

    it('keeps the numbers JSON would not: an infinite sky ratio, −0', async () => {
      const orderId = id();
      const state = aTrackedState(orderId, { skyRatio: Infinity, measured: [[T0, [['s1', { sumW: -0, naturalSumW: 1e-300, naturalPvSumW: Number.MAX_VALUE, count: 1 }]]]] });
      await tracking.start(instance('a'), state);
      const back = (await tracking.tracked(orderId))?.state;
      expect(back).toEqual(state);
      expect(Object.is(back?.measured[0][1][0][1].sumW, -0)).toBe(true);
    });

    it('saves only under the owner and epoch that hold the order', async () => {
      const orderId = id();
      const a = instance('a');
      await tracking.start(a, aTrackedState(orderId));
      const later = aTrackedState(orderId, { skyRatio: 0.5, measuredUntil: [[T0, T0 + 40_000]] });
      expect(await tracking.save({ owner: a, epoch: 1 }, later)).toBe(true);
      expect(await tracking.save({ owner: a, epoch: 2 }, aTrackedState(orderId, { skyRatio: 0.1 }))).toBe(false);
      expect(await tracking.save({ owner: instance('b'), epoch: 1 }, aTrackedState(orderId, { skyRatio: 0.2 }))).toBe(false);
      expect((await tracking.tracked(orderId))?.state).toEqual(later);
    });

    it('adopts by compare-and-set: the next epoch, one winner, the former owner fenced', async () => {
      const orderId = id();
      const [a, b, c] = [instance('a'), instance('b'), instance('c')];
      const state = aTrackedState(orderId);
      await tracking.start(a, state);
      const [byB, byC] = await Promise.all([tracking.adopt(orderId, { owner: a, epoch: 1 }, b), tracking.adopt(orderId, { owner: a, epoch: 1 }, c)]);
      const won = [byB, byC].filter((row) => row !== undefined);
      expect(won).toHaveLength(1);
      const winner = won[0]?.owner as string;
      expect(won[0]).toEqual({ orderId, owner: winner, epoch: 2, state });
      expect(await tracking.save({ owner: a, epoch: 1 }, aTrackedState(orderId, { lost: [] }))).toBe(false);
      expect(await tracking.finish(orderId, { owner: a, epoch: 1 })).toBe(false);
      expect(await tracking.ownedBy(a)).toEqual([]);
      expect(await tracking.ownedBy(winner)).toEqual([{ orderId, epoch: 2 }]);
      // Adopting it back to its first owner (a restarted instance of the same name) is a later epoch again.
      expect((await tracking.adopt(orderId, { owner: winner, epoch: 2 }, a))?.epoch).toBe(3);
    });

    it('finishes a delivered order under its owner: it is no longer tracked', async () => {
      const orderId = id();
      const a = instance('a');
      await tracking.start(a, aTrackedState(orderId));
      expect(await tracking.finish(orderId, { owner: a, epoch: 1 })).toBe(true);
      expect(await tracking.tracked(orderId)).toBeUndefined();
      expect(await tracking.owners()).not.toContain(a);
      expect(await tracking.save({ owner: a, epoch: 1 }, aTrackedState(orderId))).toBe(false);
    });

    it('keeps a fleet-scale state (100,000 setpoints) whole', async () => {
      const orderId = id();
      const a = instance('a');
      const segments = Array.from({ length: 100_000 }, (_, i) => `seg-${i}`);
      const state = aTrackedState(orderId, {
        segmentsBelow: segments,
        sent: segments.map((segmentId, i) => [segmentId, [{ segmentId, ts: T0, validUntil: T0 + 60_000, pvLimitW: i / 7, setpointId: `sp-${i}` }]] as const),
      });
      await tracking.start(a, state);
      expect((await tracking.tracked(orderId))?.state).toEqual(state);
    });
  });
}
