import { create } from '@bufbuild/protobuf';
import { SegmentSetpointSchema } from '@trottoir/contracts';
import type { LiveReading } from '@trottoir/flexibility';
import fc from 'fast-check';

import { naturalReading, setpointInForce } from './natural-reading';

const reading = (parts: Partial<LiveReading>): LiveReading => {
  const r = { ts: 1_000, pvPowerW: 0, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0, netPowerW: 0, ...parts };
  return { ...r, netPowerW: parts.netPowerW ?? r.lightsPowerW + r.evPowerW + r.batteryPowerW - r.pvPowerW };
};
const setpoint = (fields: { ts: number; validUntil: number; pvLimitW?: number; evLimitW?: number; batteryPowerW?: number; lightsDimmingPct?: number }) =>
  create(SegmentSetpointSchema, { segmentId: 's', setpointId: `${fields.ts}-${fields.validUntil}`, ...fields });

describe('setpointInForce', () => {
  it('takes the latest started one that has not ended, the later sent on a tie', () => {
    const order = setpoint({ ts: 0, validUntil: 120, pvLimitW: 100 });
    const redispatch = setpoint({ ts: 50, validUntil: 60, pvLimitW: 50 });
    const tie = setpoint({ ts: 50, validUntil: 60, pvLimitW: 40 });
    expect(setpointInForce([order, redispatch], 40)).toBe(order);
    expect(setpointInForce([order, redispatch], 55)).toBe(redispatch);
    expect(setpointInForce([order, redispatch], 60)).toBe(order);
    expect(setpointInForce([order, redispatch, tie], 55)).toBe(tie);
    expect(setpointInForce([order], 120)).toBeUndefined();
  });
});

describe('naturalReading', () => {
  const then = reading({ pvPowerW: 1_000, evPowerW: 7_000, lightsPowerW: 50, batteryPowerW: 300 });

  it('leaves a segment under no command as it is', () => {
    const live = reading({ pvPowerW: 800 });
    expect(naturalReading(live, undefined, then, 0.9)).toBe(live);
  });

  it('takes a curtailed segment that gives less than its limit at its word (a cloud, not the limit)', () => {
    const live = reading({ pvPowerW: 200, netPowerW: 100 });
    expect(naturalReading(live, setpoint({ ts: 0, validUntil: 2_000, pvLimitW: 600 }), then, 1)).toBe(live);
  });

  it('estimates a binding PV limit from the segment then under the sky now, and never below what it gives', () => {
    const live = reading({ pvPowerW: 400 });
    expect(naturalReading(live, setpoint({ ts: 0, validUntil: 2_000, pvLimitW: 400 }), then, 0.8).pvPowerW).toBeCloseTo(800);
    expect(naturalReading(live, setpoint({ ts: 0, validUntil: 2_000, pvLimitW: 400 }), then, 0.3).pvPowerW).toBe(400);
  });

  it('restores a limited charger, dimmed lights and a commanded battery to what they did then', () => {
    const live = reading({ evPowerW: 3_000, lightsPowerW: 20, batteryPowerW: -2_000 });
    const natural = naturalReading(live, setpoint({ ts: 0, validUntil: 2_000, evLimitW: 3_000, lightsDimmingPct: 40, batteryPowerW: -2_000 }), then, 1);
    expect(natural).toMatchObject({ evPowerW: 7_000, lightsPowerW: 50, batteryPowerW: 300 });
  });

  it('restores nothing to a limited charger whose car has left', () => {
    const live = reading({ evPowerW: 0, evSessionsActive: 0 });
    expect(naturalReading(live, setpoint({ ts: 0, validUntil: 2_000, evLimitW: 0 }), then, 1).evPowerW).toBe(0);
    expect(naturalReading({ ...live, evSessionsActive: 1 }, setpoint({ ts: 0, validUntil: 2_000, evLimitW: 0 }), then, 1).evPowerW).toBe(7_000);
  });

  it('moves net power by exactly what it restores', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (pvThen, limit, otherW, sky) => {
        const live = reading({ pvPowerW: Math.min(limit, pvThen * sky), netPowerW: otherW - Math.min(limit, pvThen * sky) });
        const natural = naturalReading(live, setpoint({ ts: 0, validUntil: 2_000, pvLimitW: limit }), reading({ pvPowerW: pvThen }), sky);
        expect(natural.pvPowerW).toBeGreaterThanOrEqual(live.pvPowerW);
        expect(natural.netPowerW + natural.pvPowerW).toBeCloseTo(live.netPowerW + live.pvPowerW, 6);
      }),
    );
  });
});
