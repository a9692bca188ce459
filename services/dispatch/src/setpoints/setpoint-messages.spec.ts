import type { DispatchProblem } from '@trottoir/flexibility';

import { DispatchFleet } from '../fleet/dispatch-fleet';
import { segment } from '../testing/dispatch.harness';
import { setpointMessages } from './setpoint-messages';

const START = Date.UTC(2026, 5, 21, 20);
const ISP = 900_000;

const problem: DispatchProblem = {
  version: 1,
  ispMs: ISP,
  start: START,
  isps: 3,
  node: { id: 'LV1', baselineW: [0, 0, 0], importLimitW: 1e6, exportLimitW: 1e6 },
  order: [{ isp: 0, deltaW: -100 }],
  shortfallPricePerKWh: 1,
  // Lights planned at 200 W of a 400 W rating: the policy's 50 % night level.
  segments: [{ id: 's1', lights: { plannedW: [200, 200, 200], minPct: 60, dimCostPerKWh: 0.04 } }],
};

describe('setpointMessages', () => {
  const fleet = new DispatchFleet();
  fleet.putSegments([segment('s1', 'LV1'), segment('s2', 'LV1')]);

  it('merges the ISPs of one command into one setpoint and gives dimming as a share of the rated power', () => {
    const { messages, commanded } = setpointMessages(problem, [{ segmentId: 's1', isp: 0, lightsPct: 60 }, { segmentId: 's1', isp: 1, lightsPct: 60 }, { segmentId: 's1', isp: 2, lightsPct: 80 }], fleet);
    expect(messages.map(({ segmentId, ts, validUntil, lightsDimmingPct }) => ({ segmentId, ts, validUntil, lightsDimmingPct }))).toEqual([
      { segmentId: 's1', ts: START, validUntil: START + 2 * ISP, lightsDimmingPct: 30 },
      { segmentId: 's1', ts: START + 2 * ISP, validUntil: START + 3 * ISP, lightsDimmingPct: 40 },
    ]);
    expect(new Set(messages.map((m) => m.setpointId)).size).toBe(2);
    expect(commanded).toEqual(new Map([['s1', new Set([0, 1, 2])]]));
  });

  it('takes over within a running ISP from the instant given, and releases a segment no longer commanded', () => {
    const { messages, commanded } = setpointMessages(problem, [{ segmentId: 's1', isp: 0, batteryPowerW: 2_000 }], fleet, {
      fromTs: START + 300_000,
      previouslyCommanded: new Map([['s2', new Set([0, 1])]]),
    });
    expect(messages.map(({ segmentId, ts, validUntil, batteryPowerW, pvLimitW }) => ({ segmentId, ts, validUntil, batteryPowerW, pvLimitW }))).toEqual([
      { segmentId: 's1', ts: START + 300_000, validUntil: START + ISP, batteryPowerW: 2_000, pvLimitW: undefined },
      { segmentId: 's2', ts: START + 300_000, validUntil: START + 2 * ISP, batteryPowerW: undefined, pvLimitW: undefined },
    ]);
    expect(commanded).toEqual(new Map([['s1', new Set([0])]]));
  });
});
