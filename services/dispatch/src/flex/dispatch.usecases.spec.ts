/**
 * The flexibility loop on in-memory adapters: a request is answered with an offer (of 0 with the reason
 * when nothing can be done), an order is refused with its reason or dispatched into setpoints that keep
 * every limit, a segment that does not acknowledge is lost and its share re-dispatched, and delivery is
 * measured against the baseline frozen with the order.
 */
import { create } from '@bufbuild/protobuf';
import { FlexOrderStatus, SetpointAckSchema, SetpointAckStatus, topics } from '@trottoir/contracts';
import { checkSetpoints } from '@trottoir/flexibility';

import type { DispatchHarness } from '../testing/dispatch.harness';
import { anOrder, dispatchHarness, flatForecast, ISP_MS, NOON } from '../testing/dispatch.harness';

describe('dispatch use cases', () => {
  let h: DispatchHarness;
  beforeEach(async () => {
    h = await dispatchHarness();
    h.forecasts.put('LV1', flatForecast(6_000));
    h.forecasts.put('PS', flatForecast(9_000));
    h.report();
  });
  afterEach(async () => {
    await h.close();
  });

  it('offers what the segments below the node can do, never more than asked, and answers a request once', async () => {
    const request = h.request({ isps: [{ ispStart: NOON + ISP_MS, deltaW: 4_000 }, { ispStart: NOON + 2 * ISP_MS, deltaW: 50_000 }] });
    const offer = await h.offers.answer(request);
    expect(offer.isps[0].offeredDeltaW).toBe(4_000);
    // Two segments below LV1: 2 × 5 kW of battery charging and their PV (P10) to curtail, at most.
    expect(offer.isps[1].offeredDeltaW).toBeGreaterThan(4_000);
    expect(offer.isps[1].offeredDeltaW).toBeLessThan(50_000);
    expect(offer.reason).toMatch(/^PARTIAL/);
    expect(offer.segmentsAvailable).toBe(2);
    expect(offer.isps[0].priceCentsPerMwh).toBeGreaterThan(0);
    expect((await h.offers.answer(request)).offerId).toBe(offer.offerId);
    expect(await h.recorder.waitFor(topics.flexOffer, 1)).toHaveLength(1);
    expect((await h.store.offerOfRequest(request.requestId, { problem: true }))?.problem?.segments.map((s) => s.id)).toEqual(['s1', 's2']);
  });

  it('answers a request it cannot meet with an offer of 0 and the reason, never silence', async () => {
    expect((await h.offers.answer(h.request({ nodeId: 'nowhere' }))).reason).toMatch(/^UNKNOWN_NODE/);
    expect((await h.offers.answer(h.request({ dsoId: 'dso-2' }))).reason).toMatch(/^NOT_YOUR_NODE/);
    expect((await h.offers.answer(h.request({ expiresAt: NOON }))).reason).toMatch(/^REQUEST_EXPIRED/);
    // Telemetry older than the staleness limit: nothing to dispatch on.
    h.clock.advance(h.config.staleAfterMs + 1);
    const stale = await h.offers.answer(h.request({ isps: [{ ispStart: NOON + 5 * ISP_MS, deltaW: 1_000 }] }));
    expect(stale.isps[0].offeredDeltaW).toBe(0);
    expect(stale.reason).toMatch(/^NO_AVAILABLE_SEGMENTS/);
  });

  it('refuses an order for an unknown offer, or above what was offered, with the reason, and dispatches nothing', async () => {
    const offer = await h.offers.answer(h.request());
    const unknown = await h.orders.take(anOrder('nope', NOON + ISP_MS, 1_000));
    expect(unknown).toMatchObject({ status: FlexOrderStatus.REJECTED, reason: expect.stringMatching(/^UNKNOWN_OFFER/) });
    const above = await h.orders.take(anOrder(offer.offerId, NOON + ISP_MS, 4_500));
    expect(above).toMatchObject({ status: FlexOrderStatus.REJECTED, reason: expect.stringMatching(/^ABOVE_OFFER/) });
    h.clock.set(offer.validUntil);
    expect((await h.orders.take(anOrder(offer.offerId, NOON + ISP_MS, 1_000))).reason).toMatch(/^OFFER_EXPIRED/);
    await h.recorder.waitFor(topics.flexOrderResponse, 3);
    expect(h.recorder.on(topics.dispatchSetpoint)).toHaveLength(0);
  });

  it('dispatches an order into setpoints that keep every limit, stores the problem that replays, and carries it out once', async () => {
    const offer = await h.offers.answer(h.request());
    const order = anOrder(offer.offerId, NOON + ISP_MS, 4_000);
    const response = await h.orders.take(order);
    expect(response).toMatchObject({ status: FlexOrderStatus.ACCEPTED, reason: '' });
    const stored = await h.store.order(order.orderId, { problem: true, solution: true });
    expect(stored?.problem && stored.solution && checkSetpoints(stored.problem, stored.solution.setpoints)).toEqual([]);
    expect(stored?.solution?.deliveredW[0]).toBeCloseTo(4_000, 3);
    const setpoints = h.recorder.events(topics.dispatchSetpoint);
    expect(setpoints.length).toBe(response.setpoints);
    for (const setpoint of setpoints) {
      expect(['s1', 's2']).toContain(setpoint.segmentId);
      expect(setpoint.ts).toBeGreaterThanOrEqual(NOON + ISP_MS);
    }
    expect((await h.orders.take(order)).status).toBe(FlexOrderStatus.ACCEPTED);
    expect(h.recorder.events(topics.dispatchSetpoint)).toHaveLength(setpoints.length);
  });

  it('loses a segment that does not acknowledge and re-dispatches its share to the others', async () => {
    const offer = await h.offers.answer(h.request());
    const order = anOrder(offer.offerId, NOON + ISP_MS, 4_000);
    await h.orders.take(order);
    const first = h.recorder.events(topics.dispatchSetpoint);
    const silent = first[0].segmentId;
    for (const setpoint of first.filter((s) => s.segmentId !== silent)) {
      h.acks.acknowledge(create(SetpointAckSchema, { setpointId: setpoint.setpointId, segmentId: setpoint.segmentId, status: SetpointAckStatus.APPLIED, ackedAt: h.clock.now() }), h.clock.now());
    }
    h.clock.advance(h.config.ackTimeoutMs);
    h.acks.expire(h.clock.now());
    await vi.waitFor(async () => expect(await h.store.redispatches(order.orderId)).toHaveLength(1));
    const [redispatch] = await h.store.redispatches(order.orderId);
    expect(redispatch.reason).toMatch(/^lost-segments/);
    expect(redispatch.problem.segments.map((s) => s.id)).not.toContain(silent);
    expect(redispatch.solution.deliveredW[0]).toBeCloseTo(4_000, 3);
    expect(h.active.get(order.orderId)?.lost).toEqual(new Set([silent]));
  });

  it('counters what the node\'s loads moved on their own since the order when it re-dispatches', async () => {
    // At order time a car charges 3 kW at s2 (the forecast expects it to go on); it leaves as the ISP
    // starts: the node imports 3 kW less by itself.
    h.forecasts.put('LV1', { ...flatForecast(6_000), issuedAt: NOON, evP50W: new Array(12).fill(3_000) });
    h.clock.advance(1_000);
    h.live.put('s2', { ts: h.clock.now(), pvPowerW: 3_000, lightsPowerW: 0, evPowerW: 3_000, batteryPowerW: 0, batterySocPct: 50, netPowerW: 0 });
    const offer = await h.offers.answer(h.request());
    const order = anOrder(offer.offerId, NOON + ISP_MS, 4_000);
    await h.orders.take(order);
    const commands = new Map(h.recorder.events(topics.dispatchSetpoint).map((setpoint) => [setpoint.segmentId, setpoint]));
    const ispStart = NOON + ISP_MS;
    for (let ts = ispStart + 5_000; ts <= ispStart + 20_000; ts += 5_000) {
      h.clock.set(ts);
      // The segments do what they were told; the car is gone.
      for (const segmentId of ['s1', 's2']) {
        const command = commands.get(segmentId);
        const pvPowerW = Math.min(3_000, command?.pvLimitW ?? Infinity);
        const batteryPowerW = command?.batteryPowerW ?? 0;
        h.live.put(segmentId, { ts, pvPowerW, lightsPowerW: 0, evPowerW: 0, batteryPowerW, batterySocPct: 50, netPowerW: batteryPowerW - pvPowerW });
      }
    }
    const active = h.active.get(order.orderId);
    const isp = active?.isps.get(ispStart);
    if (!active || !isp) throw new Error('the order is not followed');
    const { measuredW, baselineW, responseW } = active.measure(isp);
    // The segments delivered what they were asked; the node shows 3 kW less because the car left.
    expect(responseW).toBeCloseTo(4_000, 0);
    expect(measuredW - baselineW).toBeCloseTo(1_000, 0);
    await h.redispatcher.redispatch(order.orderId, 'shortfall', 'the car left');
    const [redispatch] = await h.store.redispatches(order.orderId);
    // What the rest of the ISP must make against the frozen baseline, plus the 3 kW the car took away.
    const neededW = (4_000 - 1_000 / 3) / (2 / 3);
    expect(redispatch.problem.order[0].deltaW).toBeCloseTo(neededW + 3_000, -1);
    expect(redispatch.solution.deliveredW[0]).toBeCloseTo(neededW + 3_000, -1);
  });

  it('measures each ISP at the node against the frozen baseline and stores its final figures', async () => {
    const offer = await h.offers.answer(h.request());
    const order = anOrder(offer.offerId, NOON + ISP_MS, 4_000);
    await h.orders.take(order);
    const baselineW = (await h.store.order(order.orderId))?.baselineW?.[0] as number;
    // Through the ISP the two segments below LV1 draw 2 kW more each than at order time, under the same sky.
    for (let ts = NOON + ISP_MS + 5_000; ts <= NOON + 2 * ISP_MS; ts += 5_000) {
      h.clock.set(ts);
      for (const segmentId of ['s1', 's2']) h.live.put(segmentId, { ts, pvPowerW: 3_000, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 2_000, batterySocPct: 50, netPowerW: -1_000 });
    }
    h.clock.set(NOON + 2 * ISP_MS + h.config.deliveryIntervalMs);
    await h.tracker.measureAll(h.clock.now());
    const [delivery] = await h.store.deliveries(order.orderId);
    expect(delivery).toMatchObject({ ispStart: NOON + ISP_MS, orderedW: 4_000, measuredW: -2_000, coverage: 1 });
    expect(delivery.baselineW).toBeCloseTo(baselineW, 6);
    expect(delivery.deliveredW).toBeCloseTo(-2_000 - baselineW, 6);
    const [published] = h.recorder.events(topics.flexDelivery);
    expect(published).toMatchObject({ orderId: order.orderId, final: true, orderedW: 4_000 });
    expect(h.active.get(order.orderId)).toBeUndefined();
  });
});
