/**
 * An order's tracking state round-trips: an ActiveOrder restored from its snapshot, after the trip
 * through the text both stores keep (tracked-order.codec.ts; the PostgreSQL one gzips it), measures, estimates
 * natural readings and averages its asks exactly as the original, then and after the same readings
 * that follow. Property-based: random ISPs, setpoints (limits, releases, re-dispatches), lost
 * segments, readings and sky.
 */
import { create } from '@bufbuild/protobuf';
import { SegmentSetpointSchema } from '@trottoir/contracts';
import type { LiveReading } from '@trottoir/flexibility';
import fc from 'fast-check';

import { ActiveOrder } from './active-orders';
import { decodeTrackedOrder, encodeTrackedOrder } from './tracked-order.codec';

const ISP_MS = 60_000;
const T0 = Date.UTC(2026, 5, 21, 12);
const SEGMENTS = ['s1', 's2', 's3', 's4'];

const power = fc.double({ min: -20_000, max: 20_000, noNaN: true, noDefaultInfinity: true });
const positive = fc.double({ min: 0, max: 10_000, noNaN: true, noDefaultInfinity: true });
const arbReading = (ts: fc.Arbitrary<number>) =>
  fc.record({ ts, pvPowerW: positive, lightsPowerW: positive, evPowerW: positive, batteryPowerW: power, batterySocPct: fc.double({ min: 0, max: 100, noNaN: true }), evSessionsActive: fc.integer({ min: 0, max: 2 }) }).map(
    (r): LiveReading => ({ ...r, netPowerW: r.lightsPowerW + r.evPowerW + r.batteryPowerW - r.pvPowerW }),
  );
const inIsps = fc.integer({ min: T0 + 1, max: T0 + 3 * ISP_MS });
const arbSetpoint = fc.record({
  segmentId: fc.constantFrom(...SEGMENTS),
  ts: fc.integer({ min: T0, max: T0 + 3 * ISP_MS }),
  lengthMs: fc.integer({ min: 1, max: 3 * ISP_MS }),
  pvLimitW: fc.option(positive, { nil: undefined }),
  evLimitW: fc.option(positive, { nil: undefined }),
  batteryPowerW: fc.option(power, { nil: undefined }),
  lightsDimmingPct: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
});

const scenario = fc.record({
  isps: fc.array(fc.record({ orderedW: power, baselineW: power, pvExpectedW: positive }), { minLength: 1, maxLength: 3 }),
  atOrder: fc.array(fc.tuple(fc.constantFrom(...SEGMENTS), arbReading(fc.constant(T0 - 5_000)))),
  setpoints: fc.array(arbSetpoint, { maxLength: 12 }),
  lost: fc.subarray(SEGMENTS),
  asks: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: T0, max: T0 + 3 * ISP_MS }), power), { maxLength: 4 }),
  before: fc.array(fc.tuple(fc.constantFrom(...SEGMENTS), arbReading(inIsps)), { maxLength: 30 }),
  skyLatest: fc.array(fc.tuple(fc.constantFrom(...SEGMENTS), arbReading(inIsps))),
  after: fc.array(fc.tuple(fc.constantFrom(...SEGMENTS), arbReading(inIsps)), { maxLength: 30 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario): ActiveOrder {
  const order = new ActiveOrder(
    'order-1',
    'LV1',
    ISP_MS,
    new Set(SEGMENTS),
    s.isps.map((isp, i) => ({ ispStart: T0 + i * ISP_MS, ...isp })),
    { bySegment: new Map(s.atOrder) },
  );
  for (const [i, setpoint] of s.setpoints.entries()) {
    const { segmentId, ts, lengthMs, ...levers } = setpoint;
    order.sentSetpoints([create(SegmentSetpointSchema, { segmentId, setpointId: `sp-${i}`, ts, validUntil: ts + lengthMs, ...Object.fromEntries(Object.entries(levers).filter(([, v]) => v !== undefined)) })]);
    order.command(segmentId, [Math.floor((ts - T0) / ISP_MS) * ISP_MS + T0]);
  }
  for (const segmentId of s.lost) order.lost.add(segmentId);
  for (const [index, fromTs, deltaW] of s.asks) {
    const isp = order.isps.get(T0 + index * ISP_MS);
    if (isp) order.ask(isp, fromTs, deltaW);
  }
  const latest = new Map(s.skyLatest);
  order.skyRatioNow((segmentId) => latest.get(segmentId));
  for (const [segmentId, reading] of s.before) order.record(segmentId, reading);
  return order;
}

function observe(order: ActiveOrder, probes: readonly (readonly [string, LiveReading])[]) {
  const isps = [...order.isps.values()].sort((a, b) => a.ispStart - b.ispStart);
  return {
    measures: isps.map((isp) => order.measure(isp)),
    asked: isps.map((isp) => order.askedMeanW(isp, isp.ispStart + ISP_MS / 2)),
    dispatched: isps.map((isp) => order.dispatchedIn(isp.ispStart)),
    natural: probes.map(([segmentId, reading]) => order.naturalReading(segmentId, reading)),
    commandAt: probes.map(([segmentId, reading]) => order.commandAt(segmentId, reading.ts)?.setpointId),
    endTs: order.endTs,
  };
}

describe('ActiveOrder snapshot', () => {
  it('restores an order that measures exactly as the original, then and after the same readings', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const original = build(s);
        const restored = ActiveOrder.restore(decodeTrackedOrder(encodeTrackedOrder({ ...original.snapshot(), pendingAcks: [] })));
        expect(restored.snapshot()).toEqual(original.snapshot());
        expect(observe(restored, s.after)).toEqual(observe(original, s.after));
        for (const [segmentId, reading] of s.after) {
          original.record(segmentId, reading);
          restored.record(segmentId, reading);
        }
        expect(observe(restored, s.after)).toEqual(observe(original, s.after));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a state of another layout version, naming the order', () => {
    const state = { ...build({ isps: [{ orderedW: 1, baselineW: 0, pvExpectedW: 0 }], atOrder: [], setpoints: [], lost: [], asks: [], before: [], skyLatest: [], after: [] }).snapshot(), version: 99 };
    expect(() => ActiveOrder.restore(state)).toThrow(/order-1: tracking state version 99 is not 1/);
  });
});
