/**
 * Delivery tracking fail-over on the in-memory adapters: two replicas of dispatch sharing a bus, the
 * stores and a lease table. Replica A takes an order of three ISPs and measures the first; its
 * connection to the lease store dies (its process lives on, as after a network cut); replica B adopts
 * the order at its next beat, resumes it (the pending acknowledgement included), re-dispatches around a
 * segment that rejects after the take-over, and measures the rest. A, a zombie, takes its own lease
 * back, finds the order adopted at its first save and lets it go. Every ISP's final figures are stored
 * and published once.
 */
import { create } from '@bufbuild/protobuf';
import type { SegmentSetpoint } from '@trottoir/contracts';
import { SetpointAckSchema, SetpointAckStatus, topics } from '@trottoir/contracts';

import type { DispatchHarness } from '../testing/dispatch.harness';
import { anOrder, dispatchHarness, flatForecast, ISP_MS, NOON } from '../testing/dispatch.harness';

const ENV: NodeJS.ProcessEnv = { TROTTOIR_DISPATCH_ACK_TIMEOUT_MS: String(3 * ISP_MS) };
const counterValue = async (counter: DispatchHarness['metrics']['ordersAdopted']) => (await counter.get()).values[0]?.value ?? 0;

describe('delivery tracking fail-over (in memory)', () => {
  let a: DispatchHarness;
  let b: DispatchHarness;

  async function replicas(env: NodeJS.ProcessEnv): Promise<void> {
    a = await dispatchHarness(env, { instanceId: 'dispatch-a' });
    b = await dispatchHarness(env, { instanceId: 'dispatch-b', cluster: a.cluster });
    for (const replica of [a, b]) {
      replica.forecasts.put('LV1', flatForecast(6_000));
      replica.report();
    }
  }
  afterEach(async () => {
    disobedient.clear();
    acknowledged.clear();
    await b.close();
    await a.close();
  });

  /** Segments that ignore their setpoints. */
  const disobedient = new Set<string>();

  /** The obedient segments acknowledge every setpoint they get; both replicas read every acknowledgement (as each follows dispatch.ack.v1). */
  const acknowledged = new Set<string>();
  function acknowledge(): void {
    for (const setpoint of a.recorder.events(topics.dispatchSetpoint)) {
      if (acknowledged.has(setpoint.setpointId) || disobedient.has(setpoint.segmentId)) continue;
      acknowledged.add(setpoint.setpointId);
      for (const replica of [a, b]) replica.acks.acknowledge(create(SetpointAckSchema, { setpointId: setpoint.setpointId, segmentId: setpoint.segmentId, status: SetpointAckStatus.APPLIED }), replica.clock.now());
    }
  }

  /** Both replicas read every reading (as each follows telemetry.validated.v2); the segments obey the latest setpoint, but the disobedient. */
  function readingsUntil(untilTs: number, stepMs: number, beat: () => Promise<void>): Promise<void> {
    return (async () => {
      for (let ts = a.clock.now() + stepMs; ts <= untilTs; ts += stepMs) {
        a.clock.set(ts);
        const latest = new Map<string, SegmentSetpoint>();
        for (const setpoint of a.recorder.events(topics.dispatchSetpoint)) if (setpoint.ts < ts && setpoint.validUntil > ts) latest.set(setpoint.segmentId, setpoint);
        for (const segmentId of ['s1', 's2', 's3']) {
          const command = disobedient.has(segmentId) ? undefined : latest.get(segmentId);
          const pvPowerW = Math.min(3_000, command?.pvLimitW ?? Infinity);
          const batteryPowerW = command?.batteryPowerW ?? 0;
          for (const replica of [a, b]) replica.live.put(segmentId, { ts, pvPowerW, lightsPowerW: 0, evPowerW: 0, batteryPowerW, batterySocPct: 50, netPowerW: batteryPowerW - pvPowerW });
        }
        acknowledge();
        await beat();
      }
    })();
  }

  it('moves an order to the surviving replica, which re-dispatches it and publishes each final once', async () => {
    await replicas(ENV);
    const isps = [1, 2, 3].map((i) => ({ ispStart: NOON + i * ISP_MS, deltaW: 4_000 }));
    const offer = await a.offers.answer(a.request({ isps }));
    const order = anOrder(offer.offerId, NOON + ISP_MS, 4_000, { isps });
    await a.orders.take(order);
    expect(await a.tracking.tracked(order.orderId)).toMatchObject({ owner: 'dispatch-a', epoch: 1 });

    // Every setpoint acknowledged but one: its segment does not apply it, and will reject it after the take-over.
    const sent = a.recorder.events(topics.dispatchSetpoint);
    const awaited = sent[0];
    disobedient.add(awaited.segmentId);
    acknowledge();
    expect(a.acks.pendingOf(order.orderId).map((pending) => pending.setpointId)).toEqual([awaited.setpointId]);

    // A lives: B leaves its order alone.
    await b.tracker.tick();
    expect(b.active.size).toBe(0);

    // The first ISP, measured and closed by A.
    await readingsUntil(NOON + 2 * ISP_MS + 2 * a.config.deliveryIntervalMs, 5_000, () => a.tracker.tick());
    expect((await a.store.deliveries(order.orderId)).map((delivery) => delivery.ispStart)).toEqual([NOON + ISP_MS]);

    // The acknowledgements of A's latest re-dispatch come in after A last saved the order: B remembers them.
    acknowledge();

    // A's connection to the lease store dies (its leases are free, as the server frees a dead session's locks).
    a.cluster.leaseTable.sever(a.leases);
    a.clock.advance(1_000);
    await b.tracker.tick();
    expect(await counterValue(b.metrics.ordersAdopted)).toBe(1);
    expect(b.active.get(order.orderId)).toBeDefined();
    expect(await b.tracking.tracked(order.orderId)).toMatchObject({ owner: 'dispatch-b', epoch: 2 });
    // Still awaited: only the disobedient segment's setpoints (the others' acknowledgements, seen since A's last save, settled them).
    expect(new Set(b.acks.pendingOf(order.orderId).map((pending) => pending.segmentId))).toEqual(new Set([awaited.segmentId]));
    expect(b.acks.pendingOf(order.orderId).map((pending) => pending.setpointId)).toContain(awaited.setpointId);

    // A goes on as if nothing happened: it takes its lease back, finds the order adopted at its first save, lets it go.
    a.clock.advance(a.config.deliveryIntervalMs);
    await a.tracker.tick();
    expect(a.active.size).toBe(0);
    expect(await counterValue(a.metrics.ordersLetGo)).toBe(1);

    // After the take-over the awaited segment rejects its setpoint: B loses it and re-dispatches around it.
    b.acks.acknowledge(create(SetpointAckSchema, { setpointId: awaited.setpointId, segmentId: awaited.segmentId, status: SetpointAckStatus.REJECTED, reason: 'battery service' }), b.clock.now());
    const rejectedAt = b.clock.now();
    const byB = async () => (await b.store.redispatches(order.orderId)).filter((redispatch) => redispatch.at >= rejectedAt);
    await vi.waitFor(async () => expect((await byB()).map((redispatch) => redispatch.reason)).toEqual([expect.stringMatching(/^lost-segments/)]));
    const [redispatch] = await byB();
    expect(redispatch.problem.segments.map((segment) => segment.id)).not.toContain(awaited.segmentId);
    expect(b.active.get(order.orderId)?.lost).toEqual(new Set([awaited.segmentId]));

    await readingsUntil(NOON + 4 * ISP_MS + 2 * b.config.deliveryIntervalMs, 5_000, async () => {
      await a.tracker.tick();
      await b.tracker.tick();
    });

    const stored = await b.store.deliveries(order.orderId);
    expect(stored.map((delivery) => delivery.ispStart)).toEqual(isps.map((isp) => isp.ispStart));
    expect(stored[1].redispatches).toBeGreaterThanOrEqual(1);
    const finals = a.recorder.events(topics.flexDelivery).filter((delivery) => delivery.final);
    expect(finals.map((delivery) => delivery.ispStart)).toEqual(isps.map((isp) => isp.ispStart));
    for (const final of finals) expect(final.deliveredW).toBe(stored.find((delivery) => delivery.ispStart === final.ispStart)?.deliveredW);
    // Delivered: tracked by nobody any more.
    expect(await b.tracking.tracked(order.orderId)).toBeUndefined();
    expect([a.active.size, b.active.size]).toEqual([0, 0]);
  });

  it('does not publish again a final that the former owner stored after its last save', async () => {
    // No re-dispatch (it would save the order again): A's last save is the one before it closed the ISP.
    await replicas({ ...ENV, TROTTOIR_DISPATCH_REDISPATCH_TOLERANCE: '1' });
    const isps = [1, 2].map((i) => ({ ispStart: NOON + i * ISP_MS, deltaW: 4_000 }));
    const offer = await a.offers.answer(a.request({ isps }));
    const order = anOrder(offer.offerId, NOON + ISP_MS, 4_000, { isps });
    await a.orders.take(order);
    acknowledge();
    await readingsUntil(NOON + 2 * ISP_MS, 5_000, () => a.tracker.tick());
    a.clock.set(NOON + 2 * ISP_MS + a.config.deliveryIntervalMs);
    await a.tracker.measureAll(a.clock.now());
    expect((await a.store.deliveries(order.orderId)).map((delivery) => delivery.ispStart)).toEqual([NOON + ISP_MS]);
    expect((await a.tracking.tracked(order.orderId))?.state.isps.map((isp) => isp.final)).toEqual([false, false]);

    a.cluster.leaseTable.sever(a.leases);
    await b.tracker.tick();
    expect(await counterValue(b.metrics.ordersAdopted)).toBe(1);
    expect(b.active.get(order.orderId)?.isps.get(NOON + ISP_MS)?.final).toBe(true);
    const finals = a.recorder.events(topics.flexDelivery).filter((delivery) => delivery.final);
    expect(finals.map((delivery) => delivery.ispStart)).toEqual([NOON + ISP_MS]);
  });

  it('leaves a single replica as it was: no other owner, nothing adopted', async () => {
    await replicas(ENV);
    const offer = await a.offers.answer(a.request());
    const order = anOrder(offer.offerId, NOON + ISP_MS, 4_000);
    await a.orders.take(order);
    await readingsUntil(NOON + 2 * ISP_MS + 2 * a.config.deliveryIntervalMs, 5_000, () => a.tracker.tick());
    expect(await a.store.deliveries(order.orderId)).toHaveLength(1);
    expect(await counterValue(a.metrics.ordersAdopted)).toBe(0);
    expect(a.active.size).toBe(0);
  });
});
