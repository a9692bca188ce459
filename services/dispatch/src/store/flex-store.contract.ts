/**
 * The one contract suite of the flexibility store, run against every adapter: PgFlexStore on each
 * PostgreSQL the integration suite runs on, InMemoryFlexStore in the unit specs. Each record comes back
 * as it was saved, a second save of a request, offer or order changes nothing, problems and solutions
 * round-trip exactly (a stored decision replays), and an ISP's delivery is written once (the second
 * writer is told: it must not publish).
 */
import { randomUUID } from 'node:crypto';

import type { DispatchProblem, DispatchSolution } from '@trottoir/flexibility';
import { ISP_MS } from '@trottoir/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { OrderRecord } from './flex-records';
import type { FlexStore } from './flex-store.port';

export interface FlexStoreHarness {
  /** An empty store on the system under test, for the whole suite. */
  open(): Promise<FlexStore>;
  close?(): Promise<void>;
}

const T0 = Date.UTC(2026, 5, 21, 12);

const problem: DispatchProblem = {
  version: 1,
  ispMs: ISP_MS,
  start: T0,
  isps: 2,
  node: { id: 'LV1', baselineW: [-1_000.5, -900], importLimitW: 100_000, exportLimitW: 100_000 },
  order: [{ isp: 0, deltaW: 500 }],
  shortfallPricePerKWh: 10,
  segments: [{ id: 's1', pv: { availableW: [1_000.125, 900], curtailCostPerKWh: 0.1 } }],
};

const solution: DispatchSolution = {
  status: 'optimal',
  objective: 0.0125,
  shortfallWh: 0,
  deliveredW: [500, 0],
  setpoints: [{ segmentId: 's1', isp: 0, pvLimitW: 500.125 }],
  method: 'lp',
  optimalityGap: 0,
};

export function describeFlexStoreContract(name: string, harness: FlexStoreHarness): void {
  describe(`FlexStore contract: ${name}`, () => {
    let store: FlexStore;
    const id = (what: string) => `${what}-${randomUUID()}`;

    beforeAll(async () => {
      store = await harness.open();
    });
    afterAll(async () => {
      await harness.close?.();
    });

    async function requestAndOffer() {
      const requestId = id('req');
      const offerId = id('offer');
      expect(await store.saveRequest({ requestId, nodeId: 'LV1', dsoId: 'dso-1', receivedAt: T0, request: { requestId, nodeId: 'LV1' } })).toBe('inserted');
      const offer = { offerId, requestId, nodeId: 'LV1', dsoId: 'dso-1', issuedAt: T0 + 1_000, validUntil: T0 + 60_000, offer: { offerId, reason: '' }, problem, solution };
      expect(await store.saveOffer(offer)).toBe('inserted');
      return { requestId, offerId, offer };
    }

    it('keeps a request and its one offer, problem and solution exactly as saved (read only when asked)', async () => {
      const { requestId, offerId, offer } = await requestAndOffer();
      expect(await store.saveRequest({ requestId, nodeId: 'LV2', dsoId: 'dso-2', receivedAt: T0, request: {} })).toBe('duplicate');
      expect(await store.request(requestId)).toEqual({ requestId, nodeId: 'LV1', dsoId: 'dso-1', receivedAt: T0, request: { requestId, nodeId: 'LV1' } });
      const { problem: _problem, solution: _solution, ...lean } = offer;
      expect(await store.offer(offerId)).toEqual(lean);
      expect(await store.offer(offerId, { problem: true, solution: true })).toEqual(offer);
      expect(await store.offer(offerId, { solution: true })).toEqual({ ...lean, solution });
      expect(await store.offerOfRequest(requestId, { problem: true, solution: true })).toEqual(offer);
      expect(await store.offerOfRequest(requestId)).toEqual(lean);
      expect(await store.saveOffer({ ...offer, offerId: id('offer') })).toBe('duplicate');
      expect(await store.offer('nope')).toBeUndefined();
      // An offer of 0 made without a problem (an unknown node) is kept too.
      const bare = id('req');
      await store.saveRequest({ requestId: bare, nodeId: 'nowhere', dsoId: 'dso-1', receivedAt: T0, request: {} });
      const zero = { offerId: id('offer'), requestId: bare, nodeId: 'nowhere', dsoId: 'dso-1', issuedAt: T0, validUntil: T0, offer: { reason: 'UNKNOWN_NODE' } };
      expect(await store.saveOffer(zero)).toBe('inserted');
      expect(await store.offer(zero.offerId)).toEqual(zero);
      expect(await store.request('nope')).toBeUndefined();
    });

    it('keeps accepted and rejected orders once, with the decision that replays', async () => {
      const { offerId } = await requestAndOffer();
      const accepted: OrderRecord = {
        orderId: id('order'),
        offerId,
        nodeId: 'LV1',
        dsoId: 'dso-1',
        receivedAt: T0 + 2_000,
        status: 'accepted',
        reason: '',
        order: { orderId: 'x' },
        setpoints: 1,
        baselineW: [-1_000.5, -900],
        problem,
        solution,
      };
      expect(await store.saveOrder(accepted)).toBe('inserted');
      expect(await store.saveOrder({ ...accepted, status: 'rejected' })).toBe('duplicate');
      expect(await store.order(accepted.orderId, { problem: true, solution: true })).toEqual(accepted);
      const { problem: _problem, solution: _solution, ...lean } = accepted;
      expect(await store.order(accepted.orderId)).toEqual(lean);
      expect(await store.order(accepted.orderId, { problem: true })).toEqual({ ...lean, problem });
      const rejected: OrderRecord = { orderId: id('order'), offerId: 'nope', nodeId: 'LV1', dsoId: 'dso-1', receivedAt: T0, status: 'rejected', reason: 'UNKNOWN_OFFER: no offer "nope"', order: {}, setpoints: 0 };
      expect(await store.saveOrder(rejected)).toBe('inserted');
      expect(await store.order(rejected.orderId)).toEqual(rejected);
    });

    it('keeps re-dispatches beside the order and one final delivery per ISP', async () => {
      const { offerId } = await requestAndOffer();
      const orderId = id('order');
      await store.saveOrder({ orderId, offerId, nodeId: 'LV1', dsoId: 'dso-1', receivedAt: T0, status: 'accepted', reason: '', order: {}, setpoints: 1 });
      const redispatch = { orderId, ispStart: T0, at: T0 + 300_000, reason: 'segments lost: s2', targetW: 650.5, problem, solution };
      await store.saveRedispatch(redispatch);
      await store.saveRedispatch({ ...redispatch, at: T0 + 120_000 });
      expect((await store.redispatches(orderId)).map((record) => record.at)).toEqual([T0 + 120_000, T0 + 300_000]);
      expect((await store.redispatches(orderId))[1]).toEqual(redispatch);
      const delivery = { orderId, nodeId: 'LV1', ispStart: T0, orderedW: 500, baselineW: -1_000.5, measuredW: -505.25, deliveredW: 495.25, coverage: 1, segmentsDispatched: 1, segmentsLost: 0, redispatches: 2, computedAt: T0 + ISP_MS };
      expect(await store.saveDelivery(delivery)).toBe('inserted');
      // A second replica's figures for the same ISP (a take-over): not stored, and it is told so.
      expect(await store.saveDelivery({ ...delivery, deliveredW: 0 })).toBe('duplicate');
      expect(await store.deliveries(orderId)).toEqual([delivery]);
    });
  });
}
