/** The safety check, rule by rule, and the evaluation of setpoints (a device without a setpoint follows its plan). */
import type { DispatchProblem } from './problem';
import { checkSetpoints } from './safety-check';
import { commandedChangesW, evaluateSetpoints } from './schedule';
import type { DispatchSetpoint } from './solution';
import { aBattery, aProblem } from './testing/problem.factory';

const sp = (segmentId: string, isp: number, values: Omit<DispatchSetpoint, 'segmentId' | 'isp'>): DispatchSetpoint => ({ segmentId, isp, ...values });
const rules = (problem: DispatchProblem, setpoints: DispatchSetpoint[]): string[] => checkSetpoints(problem, setpoints).map((v) => `${v.rule}@${v.segmentId ?? '-'}:${v.isp ?? '-'}`);

describe('checkSetpoints', () => {
  const problem = aProblem(
    2,
    [
      { id: 'pv', pv: { availableW: [5_000, 5_000], curtailCostPerKWh: 0.1 } },
      { id: 'lit', lights: { plannedW: [1_000, 0], minPct: 30, dimCostPerKWh: 0.1 } },
      { id: 'ev', ev: { plannedW: [4_000, 4_000], maxW: 8_000, needWh: 2_000, departureIsp: 2, shiftCostPerKWh: 0.1 } },
      { id: 'bat', battery: aBattery({ socWh: 8_000 }) },
    ],
    { node: { id: 'n', baselineW: [0, 5_000], importLimitW: 10_000, exportLimitW: 10_000 }, order: [{ isp: 0, deltaW: -2_000 }] },
  );

  it('passes the plan itself and a dispatch within every limit', () => {
    expect(rules(problem, [])).toEqual([]);
    const setpoints = [sp('ev', 0, { evLimitW: 0 }), sp('ev', 1, { evLimitW: 8_000 }), sp('lit', 0, { lightsPct: 30 }), sp('bat', 0, { batteryPowerW: -1_000 })];
    expect(rules(problem, setpoints)).toEqual([]);
  });

  it('flags each broken limit with its rule, segment and ISP', () => {
    expect(rules(problem, [sp('pv', 0, { pvLimitW: -5 })])).toEqual(['pv-limit@pv:0']);
    expect(rules(problem, [sp('lit', 0, { lightsPct: 29 })])).toEqual(['lights-range@lit:0']);
    expect(rules(problem, [sp('lit', 0, { lightsPct: 101 })])).toEqual(['lights-range@lit:0']);
    expect(rules(problem, [sp('ev', 0, { evLimitW: 9_000 }), sp('ev', 1, { evLimitW: -1_000 })])).toEqual(['ev-power@ev:0', 'ev-power@ev:1']);
    expect(rules(problem, [sp('ev', 0, { evLimitW: 3_000 })])).toEqual(['ev-energy@ev:-']);
    expect(rules(problem, [sp('bat', 0, { batteryPowerW: 6_000 })])).toEqual(['battery-power@bat:0', 'battery-soc@bat:0', 'battery-soc@bat:1']);
    // 8000 Wh + 0.95 · 5000 W · 0.25 h = 9187.5 Wh > 9000 Wh, then discharging brings it back.
    expect(rules(problem, [sp('bat', 0, { batteryPowerW: 5_000 }), sp('bat', 1, { batteryPowerW: -5_000 })])).toEqual(['battery-soc@bat:0']);
    // ISP 1 is not ordered: 5 kW of baseline + 4 kW more charging + 4 kW of PV curtailed breaks the 10 kW import limit.
    expect(rules(problem, [sp('ev', 0, { evLimitW: 0 }), sp('ev', 1, { evLimitW: 8_000 }), sp('pv', 1, { pvLimitW: 1_000 })])).toEqual(['node-limit@-:1']);
  });

  it('judges lights only while lit, and malformed setpoints as such', () => {
    expect(rules(problem, [sp('lit', 1, { lightsPct: 0 })])).toEqual([]);
    expect(rules(problem, [sp('nobody', 0, { pvLimitW: 1 }), sp('pv', 5, { pvLimitW: 1 }), sp('pv', 0, { evLimitW: 1 }), sp('pv', 0, { pvLimitW: 1 })])).toEqual([
      'malformed@-:-',
      'malformed@-:-',
      'malformed@-:-',
      'malformed@-:-',
    ]);
  });

  it('catches a device left on an impossible plan: charging after departure, or a plan short of the need', () => {
    const late = aProblem(2, [{ id: 'ev', ev: { plannedW: [0, 4_000], maxW: 4_000, needWh: 0, departureIsp: 1, shiftCostPerKWh: 0.1 } }]);
    expect(rules(late, [])).toEqual(['ev-after-departure@ev:1']);
    expect(rules(late, [sp('ev', 1, { evLimitW: 0 })])).toEqual([]);
    const short = aProblem(2, [{ id: 'ev', ev: { plannedW: [0, 0], maxW: 4_000, needWh: 500, departureIsp: 2, shiftCostPerKWh: 0.1 } }]);
    expect(rules(short, [])).toEqual(['ev-energy@ev:-']);
  });

  it('allows the rounding of printed values and no more', () => {
    const exact = aProblem(1, [{ id: 'ev', ev: { plannedW: [0], maxW: 4_000, needWh: 1_000, departureIsp: 1, shiftCostPerKWh: 0.1 } }]);
    expect(rules(exact, [sp('ev', 0, { evLimitW: 4_000.0005 })])).toEqual([]);
    expect(rules(exact, [sp('ev', 0, { evLimitW: 4_000.01 })])).toEqual(['ev-power@ev:0', 'ev-energy@ev:-']);
  });
});

describe('evaluateSetpoints', () => {
  it('recomputes delivery, shortfall and cost from the setpoints alone', () => {
    const problem = aProblem(
      2,
      [
        { id: 'pv', pv: { availableW: [4_000, 4_000], curtailCostPerKWh: 0.2 } },
        { id: 'lit', lights: { plannedW: [1_000, 1_000], minPct: 20, dimCostPerKWh: 0.1 } },
        { id: 'ev', ev: { plannedW: [4_000, 0], maxW: 4_000, needWh: 1_000, departureIsp: 2, shiftCostPerKWh: 0.4 } },
        { id: 'bat', battery: aBattery({ cycleCostPerKWh: 0.04 }) },
      ],
      { order: [{ isp: 0, deltaW: -6_000 }], shortfallPricePerKWh: 2 },
    );
    const setpoints = [
      sp('bat', 0, { batteryPowerW: -2_000 }),
      sp('ev', 0, { evLimitW: 1_000 }),
      sp('ev', 1, { evLimitW: 3_000 }),
      sp('lit', 0, { lightsPct: 50 }),
      sp('pv', 1, { pvLimitW: 3_000 }),
    ];
    // ISP 0: −2000 (battery) −3000 (EV) −500 (lights) = −5500: 500 W short for 15 min = 125 Wh.
    // ISP 1: +3000 (EV) +1000 (PV curtailed).
    // Cost per kW over 15 min: battery 2·0.04 + EV 3·0.4 + lights 0.5·0.1 + PV 1·0.2, × 0.25 h; shortfall 0.125 kWh · 2.
    expect(evaluateSetpoints(problem, setpoints)).toEqual({ deliveredW: [-5_500, 4_000], shortfallWh: 125, objective: 0.6325 });
    expect(0.25 * (0.08 + 1.2 + 0.05 + 0.2) + 0.25).toBeCloseTo(0.6325, 12);
  });
});

describe('commandedChangesW', () => {
  it('gives each segment\'s change per ISP it has a setpoint for, and they add up to the node\'s delivery', () => {
    const problem = aProblem(2, [
      { id: 'pv', pv: { availableW: [4_000, 4_000], curtailCostPerKWh: 0.2 } },
      { id: 'lit', lights: { plannedW: [1_000, 1_000], minPct: 20, dimCostPerKWh: 0.1 } },
      { id: 'ev', ev: { plannedW: [4_000, 0], maxW: 4_000, needWh: 1_000, departureIsp: 2, shiftCostPerKWh: 0.4 } },
      { id: 'bat', battery: aBattery({ cycleCostPerKWh: 0.04 }) },
    ]);
    const setpoints = [sp('bat', 0, { batteryPowerW: -2_000 }), sp('ev', 0, { evLimitW: 1_000 }), sp('ev', 1, { evLimitW: 3_000 }), sp('lit', 0, { lightsPct: 50 }), sp('pv', 1, { pvLimitW: 3_000 }), sp('nobody', 0, { evLimitW: 1 })];
    const changes = commandedChangesW(problem, setpoints);
    expect(changes).toEqual([
      { segmentId: 'bat', isp: 0, changeW: -2_000 },
      { segmentId: 'ev', isp: 0, changeW: -3_000 },
      { segmentId: 'ev', isp: 1, changeW: 3_000 },
      { segmentId: 'lit', isp: 0, changeW: -500 },
      { segmentId: 'pv', isp: 1, changeW: 1_000 },
    ]);
    const delivered = evaluateSetpoints(problem, setpoints).deliveredW;
    for (const isp of [0, 1]) expect(changes.filter((c) => c.isp === isp).reduce((sum, c) => sum + c.changeW, 0)).toBe(delivered[isp]);
  });
});
