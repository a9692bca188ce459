import fc from 'fast-check';

import { ISP_MS } from '@trottoir/kernel';

import { parseDispatchProblem } from '../problem.parse';
import { flexibilityNow } from './flexibility-now';
import type { LiveReading, NodeFlowForecast, SegmentRatings } from './planning-inputs';
import { DEFAULT_LEVER_COSTS } from './planning-inputs';
import type { AvailableSegment, PlanRequest } from './problem-planner';
import { forecastMean, planDispatchProblem } from './problem-planner';

const NOON = Date.UTC(2026, 5, 21, 12);

function ratings(segmentId: string, overrides: Partial<SegmentRatings> = {}): SegmentRatings {
  return { segmentId, pvPeakW: 6_000, pvInverterLimitW: 5_000, lightsRatedW: 400, lightsMinDimmingPct: 30, evMaxW: 22_000, ...overrides };
}

function live(overrides: Partial<LiveReading> = {}): LiveReading {
  return { ts: NOON - 10_000, pvPowerW: 3_000, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0, netPowerW: -3_000, ...overrides };
}

/** A node forecast of 8 quarter-hours from noon: flat PV, lights off, no EV. */
function forecast(pvP50W: number, overrides: Partial<NodeFlowForecast> = {}): NodeFlowForecast {
  return {
    issuedAt: NOON - 600_000,
    startTs: NOON,
    stepMs: ISP_MS,
    pvP10W: new Array(8).fill(pvP50W * 0.8),
    pvP50W: new Array(8).fill(pvP50W),
    lightsP50W: new Array(8).fill(0),
    evP50W: new Array(8).fill(0),
    ...overrides,
  };
}

function request(overrides: Partial<PlanRequest> = {}): PlanRequest {
  return {
    nodeId: 'LV1',
    importLimitW: 250_000,
    exportLimitW: 250_000,
    ispMs: ISP_MS,
    startTs: NOON + ISP_MS,
    isps: 4,
    order: [{ isp: 0, deltaW: 2_000 }],
    shortfallPricePerKWh: 1,
    pvLevel: 'p50',
    costs: DEFAULT_LEVER_COSTS,
    nowTs: NOON + 60_000,
    ...overrides,
  };
}

const totals = (segments: readonly AvailableSegment[]) => ({
  pvPeakW: segments.reduce((sum, s) => sum + s.ratings.pvPeakW, 0),
  lightsRatedW: segments.reduce((sum, s) => sum + s.ratings.lightsRatedW, 0),
  evMaxW: segments.reduce((sum, s) => sum + s.ratings.evMaxW, 0),
});

const nodeNow = (segments: readonly AvailableSegment[]) => ({
  netPowerW: segments.reduce((sum, s) => sum + s.live.netPowerW, 0),
  pvPowerW: segments.reduce((sum, s) => sum + s.live.pvPowerW, 0),
  lightsPowerW: segments.reduce((sum, s) => sum + s.live.lightsPowerW, 0),
  evPowerW: segments.reduce((sum, s) => sum + s.live.evPowerW, 0),
});

describe('planDispatchProblem', () => {
  it('spreads the node PV forecast over segments by what they produce now, corrected by now against the forecast', () => {
    const available = [
      { ratings: ratings('s1'), live: live({ pvPowerW: 3_000, netPowerW: -3_000 }) },
      { ratings: ratings('s2'), live: live({ pvPowerW: 1_000, netPowerW: -1_000 }) },
    ];
    // The forecast said 5 kW for now, the node makes 4 kW: every ISP ahead is taken at 80 %.
    const { problem, baselineW, notes } = planDispatchProblem(request(), { available, nodeTotals: totals(available), nodeNow: nodeNow(available), forecast: forecast(5_000) });
    expect(notes).toEqual([]);
    expect(problem.segments.map((s) => s.pv?.availableW[0])).toEqual([3_000, 1_000]);
    expect(baselineW).toEqual([-4_000, -4_000, -4_000, -4_000]);
    // It is a valid problem file: what is stored with the order replays.
    expect(parseDispatchProblem(JSON.parse(JSON.stringify(problem)))).toEqual(problem);
  });

  it('offers at P10 of the PV forecast, orders at P50', () => {
    const available = [{ ratings: ratings('s1'), live: live({ pvPowerW: 4_000 }) }];
    const plan = (pvLevel: 'p10' | 'p50') => planDispatchProblem(request({ pvLevel }), { available, nodeTotals: totals(available), nodeNow: nodeNow(available), forecast: forecast(4_000) });
    expect(plan('p50').problem.segments[0].pv?.availableW[0]).toBe(4_000);
    expect(plan('p10').problem.segments[0].pv?.availableW[0]).toBe(3_200);
  });

  it('never lets a segment dim its lights below the policy minimum, whatever the plan', () => {
    const available = [{ ratings: ratings('s1', { lightsRatedW: 400, lightsMinDimmingPct: 30 }), live: live({ pvPowerW: 0, lightsPowerW: 200, netPowerW: 200 }) }];
    // Lights at 50 % of rated (the policy's night window): 30 % of rated is 60 % of the plan.
    const night = forecast(0, { lightsP50W: new Array(8).fill(200), pvP10W: new Array(8).fill(0) });
    const { problem } = planDispatchProblem(request({ order: [{ isp: 0, deltaW: -50 }] }), { available, nodeTotals: totals(available), nodeNow: nodeNow(available), forecast: night });
    expect(problem.segments[0].lights).toMatchObject({ plannedW: [200, 200, 200, 200], minPct: 60 });
  });

  it('takes a forecaster that has not learned the city yet at the level of what is measured now', () => {
    // The forecast expects 70 kW of charging from 12:15 and then 140 kW; the cars below the node draw 7 kW.
    const available = [{ ratings: ratings('s1'), live: live({ pvPowerW: 0, evPowerW: 7_000, netPowerW: 7_000 }) }];
    const evening = forecast(0, { pvP10W: new Array(8).fill(0), evP50W: [70_000, 70_000, 140_000, 140_000, 140_000, 140_000, 140_000, 140_000] });
    const { problem, baselineW } = planDispatchProblem(request({ order: [{ isp: 0, deltaW: -1_000 }] }), { available, nodeTotals: totals(available), nodeNow: nodeNow(available), forecast: evening });
    // The forecast's shape at the measured level: 7 kW, then twice that.
    expect(problem.segments[0].ev?.plannedW).toEqual([7_000, 14_000, 14_000, 14_000]);
    expect(baselineW).toEqual([7_000, 14_000, 14_000, 14_000]);
  });

  it('reads "now" in the forecast\'s first step when now comes before it', () => {
    const available = [{ ratings: ratings('s1'), live: live({ pvPowerW: 1_000, netPowerW: -1_000 }) }];
    // Issued for 12:00 onwards, asked at 11:55: the node makes 1 kW where the forecast says 4 kW.
    const { problem, baselineW } = planDispatchProblem(request({ nowTs: NOON - 300_000 }), { available, nodeTotals: totals(available), nodeNow: nodeNow(available), forecast: forecast(4_000) });
    expect(problem.segments[0].pv?.availableW[0]).toBe(1_000);
    expect(baselineW[0]).toBe(-1_000);
  });

  it('holds every flow at its present value without a forecast, and says so', () => {
    const available = [{ ratings: ratings('s1'), live: live({ pvPowerW: 2_500, evPowerW: 7_000, netPowerW: 4_500 }) }];
    const { problem, baselineW, notes } = planDispatchProblem(request(), { available, nodeTotals: totals(available), nodeNow: nodeNow(available) });
    expect(notes[0]).toMatch(/^NO_FORECAST/);
    expect(problem.segments[0].pv?.availableW).toEqual([2_500, 2_500, 2_500, 2_500]);
    expect(problem.segments[0].ev).toMatchObject({ plannedW: [7_000, 7_000, 7_000, 7_000], maxW: 7_000, needWh: 7_000, departureIsp: 4 });
    expect(baselineW).toEqual([4_500, 4_500, 4_500, 4_500]);
  });

  it('gives a segment no more PV than its inverter, nor a share that does not add up to the node', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6_000 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 200_000 }), (pvNow, forecastW) => {
        const available = pvNow.map((pvPowerW, i) => ({ ratings: ratings(`s${i}`), live: live({ pvPowerW, netPowerW: -pvPowerW }) }));
        const { problem } = planDispatchProblem(request(), { available, nodeTotals: totals(available), nodeNow: nodeNow(available), forecast: forecast(forecastW) });
        for (const segment of problem.segments) for (const w of segment.pv?.availableW ?? []) expect(w).toBeLessThanOrEqual(5_000);
        // Producing (the forecast above 2 % of the peak): corrected by what is measured now, at most twice;
        // at dawn or dusk the forecast is trusted as it is (a measured 0 W says nothing about the next quarter-hour).
        const producing = forecastW > 0.02 * 6_000 * pvNow.length;
        const expectedNode = producing ? Math.min(2 * forecastW, pvNow.reduce((a, b) => a + b, 0)) : forecastW;
        const planned = problem.segments.reduce((sum, segment) => sum + (segment.pv?.availableW[0] ?? 0), 0);
        expect(planned).toBeLessThanOrEqual(expectedNode + 0.01 * pvNow.length);
      }),
    );
  });

  it('reads a forecast mean over any interval, and nothing beyond the forecast', () => {
    const f = forecast(0, { pvP50W: [0, 100, 200, 300, 400, 500, 600, 700] });
    expect(forecastMean(f, f.pvP50W, NOON + ISP_MS, ISP_MS)).toBe(100);
    expect(forecastMean(f, f.pvP50W, NOON + ISP_MS / 2, ISP_MS)).toBe(50);
    expect(forecastMean(f, f.pvP50W, NOON + 60_000, 60_000)).toBe(0);
    expect(forecastMean(f, f.pvP50W, NOON + 8 * ISP_MS, ISP_MS)).toBeUndefined();
  });
});

describe('flexibilityNow', () => {
  it('counts PV and battery charging up, lights above their minimum, EV and battery discharging down', () => {
    const battery = { capacityWh: 10_000, maxChargeW: 3_000, maxDischargeW: 3_000, socMinPct: 10, socMaxPct: 90 };
    const now = flexibilityNow(ratings('s1', { battery }), live({ pvPowerW: 2_000, lightsPowerW: 400, evPowerW: 7_000, batteryPowerW: 1_000, batterySocPct: 50 }));
    expect(now).toEqual({ upW: 2_000 + 2_000, downW: 400 - 120 + 7_000 + 4_000 });
  });

  it('never counts a battery beyond its state-of-charge limits', () => {
    const battery = { capacityWh: 10_000, maxChargeW: 3_000, maxDischargeW: 3_000, socMinPct: 10, socMaxPct: 90 };
    expect(flexibilityNow(ratings('s1', { battery, pvPeakW: 0, lightsRatedW: 0, evMaxW: 0 }), live({ pvPowerW: 0, batteryPowerW: 0, batterySocPct: 90 }))).toEqual({ upW: 0, downW: 3_000 });
    expect(flexibilityNow(ratings('s1', { battery, pvPeakW: 0, lightsRatedW: 0, evMaxW: 0 }), live({ pvPowerW: 0, batteryPowerW: 0, batterySocPct: 10 }))).toEqual({ upW: 3_000, downW: 0 });
  });
});
