/**
 * The fleet-scale path: exact where devices are copies up to scale, within 0.1 % of the full LP on
 * random fleets of a few hundred segments (a handful of templates, random scales, perturbed strays),
 * and feasible for every single segment whatever the grouping.
 */
import fc from 'fast-check';

import { checkSetpoints } from '../safety-check';
import { solveDispatchProblem } from '../solve';
import { aBattery, aProblem } from '../testing/problem.factory';
import { randomProblem } from '../testing/random-problem';
import { groupedModels } from './classes.grouped';
import { loadHighsSolver } from './highs.solver';
import type { LpSolver } from './lp-solver';

let lp: LpSolver;
beforeAll(async () => {
  lp = await loadHighsSolver();
});

describe('the aggregated LP', () => {
  it('groups copies up to scale into one exact class and splits the decision in proportion', () => {
    const ev = (scale: number) => ({ plannedW: [7_400 * scale, 7_400 * scale, 0, 0], maxW: 7_400 * scale, needWh: 3_700 * scale, departureIsp: 4, shiftCostPerKWh: 0.01 });
    const segments = [1, 2, 3].map((scale, i) => ({ id: `s${i}`, ev: ev(scale), battery: aBattery({ socWh: 5_000 * scale, minWh: 1_000 * scale, maxWh: 9_000 * scale, maxChargeW: 5_000 * scale, maxDischargeW: 5_000 * scale }) }));
    const problem = aProblem(4, segments, { order: [{ isp: 0, deltaW: -30_000 }, { isp: 1, deltaW: -20_000 }] });
    const { conservative, relaxed } = groupedModels(problem, 16);
    expect(conservative.ev).toHaveLength(1);
    expect(conservative.battery).toHaveLength(1);
    // Exact: the inner and outer sets coincide.
    expect(conservative.ev[0].loW).toEqual(relaxed.ev[0].loW);
    expect(conservative.ev[0].hiW).toEqual(relaxed.ev[0].hiW);
    expect([conservative.battery[0].socLoWh, conservative.battery[0].socHiWh]).toEqual([relaxed.battery[0].socLoWh, relaxed.battery[0].socHiWh]);
    const aggregated = solveDispatchProblem(problem, lp, { method: 'aggregated-lp' });
    const full = solveDispatchProblem(problem, lp, { method: 'lp' });
    expect(aggregated.optimalityGap).toBe(0);
    expect(aggregated.objective).toBeCloseTo(full.objective!, 6);
    const shiftAt = (id: string, isp: number): number => {
      const setpoint = aggregated.setpoints.find((s) => s.segmentId === id && s.isp === isp);
      return (setpoint?.evLimitW ?? problem.segments.find((s) => s.id === id)!.ev!.plannedW[isp]) - problem.segments.find((s) => s.id === id)!.ev!.plannedW[isp];
    };
    expect(shiftAt('s1', 0)).toBeCloseTo(2 * shiftAt('s0', 0), 3);
    expect(shiftAt('s2', 0)).toBeCloseTo(3 * shiftAt('s0', 0), 3);
    expect(shiftAt('s0', 0)).toBeLessThan(0);
  });

  it('stays within 0.1 % of the full LP and feasible for every segment on random fleets of a few hundred segments', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 100, max: 400 }), fc.integer({ min: 2, max: 6 }), (seed, segments, isps) => {
        const problem = randomProblem(seed, { segments, isps, perturbed: 0.3 });
        const full = solveDispatchProblem(problem, lp, { method: 'lp' });
        const aggregated = solveDispatchProblem(problem, lp, { method: 'aggregated-lp' });
        expect(aggregated.status).toBe(full.status);
        if (full.status !== 'optimal') return;
        compared++;
        expect(checkSetpoints(problem, aggregated.setpoints)).toEqual([]);
        // Both are printed to 1e-6: the slack covers that rounding, not the method.
        expect(aggregated.objective!).toBeLessThanOrEqual(full.objective! * 1.001 + 2e-6);
        expect(aggregated.objective!).toBeGreaterThanOrEqual(full.objective! * (1 - 1e-6) - 2e-6);
        expect(aggregated.optimalityGap!).toBeLessThanOrEqual(1e-3);
      }),
      { numRuns: 60, seed: 20_260_623 },
    );
    expect(compared).toBeGreaterThan(40);
  });
});
