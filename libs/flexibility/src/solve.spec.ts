/**
 * The solver's promises, over thousands of random problems (fast-check, fixed seed so that CI replays
 * the same sample): no setpoint it returns violates a limit; the objective, shortfall and delivery it
 * reports are what its setpoints imply; the same problem gives the same bytes; the merit order agrees
 * with HiGHS wherever it is used.
 */
import fc from 'fast-check';

import type { LpSolver } from './lp/lp-solver';
import { loadHighsSolver } from './lp/highs.solver';
import { checkSetpoints } from './safety-check';
import { evaluateSchedule, evaluateSetpoints } from './schedule';
import { formatDispatchSolution } from './solution';
import { planDispatch, solveDispatchProblem } from './solve';
import { aBattery, aProblem } from './testing/problem.factory';
import { randomProblem } from './testing/random-problem';

let lp: LpSolver;
beforeAll(async () => {
  lp = await loadHighsSolver();
});

const small = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), segments: fc.integer({ min: 1, max: 12 }), isps: fc.integer({ min: 1, max: 6 }) });

describe('solveDispatchProblem', () => {
  it('never returns a setpoint that violates a limit, and reports what its setpoints imply (2,000 random problems)', () => {
    let optimal = 0;
    fc.assert(
      fc.property(small, fc.constantFrom('auto', 'aggregated-lp') , ({ seed, segments, isps }, path) => {
        const problem = randomProblem(seed, { segments, isps });
        const solution = solveDispatchProblem(problem, lp, path === 'auto' ? {} : { method: 'aggregated-lp' });
        if (solution.status === 'infeasible') {
          expect(solution.setpoints).toEqual([]);
          expect(solution.reason).toBeTruthy();
          return;
        }
        optimal++;
        expect(checkSetpoints(problem, solution.setpoints)).toEqual([]);
        const { deliveredW, shortfallWh, objective } = evaluateSetpoints(problem, solution.setpoints);
        expect({ deliveredW: solution.deliveredW, shortfallWh: solution.shortfallWh, objective: solution.objective }).toEqual({ deliveredW, shortfallWh, objective });
      }),
      { numRuns: 2_000, seed: 20_260_621 },
    );
    // Most random problems are feasible: the property is not vacuous.
    expect(optimal).toBeGreaterThan(1_500);
  });

  it('agrees with the full HiGHS LP wherever it takes the merit order (single-ISP problems, 1e-6 relative)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 60 }), (seed, segments) => {
        const problem = randomProblem(seed, { segments, isps: 1 });
        const merit = planDispatch(problem, lp);
        const full = planDispatch(problem, lp, { method: 'lp' });
        expect(merit.method).toBe('merit-order');
        if (!('schedule' in merit) || !('schedule' in full)) throw new Error(`infeasible: ${JSON.stringify([merit, full])}`);
        const a = evaluateSchedule(problem, merit.schedule).objective;
        const b = evaluateSchedule(problem, full.schedule).objective;
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(b), 1e-9) + 1e-12);
      }),
      { numRuns: 500, seed: 20_260_622 },
    );
  });

  it('gives byte-identical solutions for the same problem', () => {
    for (const seed of [1, 2, 3]) {
      const problem = randomProblem(seed, { segments: 300, isps: 4 });
      const first = formatDispatchSolution(solveDispatchProblem(problem, lp));
      expect(formatDispatchSolution(solveDispatchProblem(structuredClone(problem), lp))).toBe(first);
    }
  });

  it('reports an EV need that cannot be met as infeasible, with the whole order short and nothing dispatched', () => {
    const problem = aProblem(2, [{ id: 'ev', ev: { plannedW: [4_000, 4_000], maxW: 4_000, needWh: 2_500, departureIsp: 2, shiftCostPerKWh: 0.1 } }]);
    expect(solveDispatchProblem(problem, lp)).toEqual({
      status: 'infeasible',
      objective: null,
      shortfallWh: 250,
      deliveredW: [0, 0],
      setpoints: [],
      method: 'lp',
      optimalityGap: null,
      reason: 'segment ev: the EV needs 2500 Wh before ISP 2 but can take at most 2000 Wh (maxW 4000 W)',
    });
  });

  it('reports a node that no dispatch keeps within its limits as infeasible', () => {
    // The car must leave charged and its plan charges after departure; ISP 0 (not ordered) has no room to take that energy.
    const problem = aProblem(3, [{ id: 'ev', ev: { plannedW: [0, 4_000, 0], maxW: 4_000, needWh: 1_000, departureIsp: 1, shiftCostPerKWh: 0.1 } }], {
      node: { id: 'n', baselineW: [100, 0, 0], importLimitW: 100, exportLimitW: 0 },
      order: [{ isp: 2, deltaW: 500 }],
    });
    const solution = solveDispatchProblem(problem, lp, { method: 'lp' });
    expect(solution.status).toBe('infeasible');
    expect(solution.reason).toMatch(/node within its limits/);
  });

  it('never asks a nearly full battery to charge and discharge at once to burn an order away', () => {
    const full = aBattery({ socWh: 9_000, maxChargeW: 10_000, maxDischargeW: 10_000, efficiency: 0.9, cycleCostPerKWh: 0.01 });
    const problem = aProblem(2, [{ id: 'bat', battery: full }], { order: [{ isp: 0, deltaW: 5_000 }, { isp: 1, deltaW: 5_000 }] });
    // The LP alone would charge 10 kW and discharge 8.1 kW in each ISP (net +1.9 kW, SoC unchanged): no setpoint can say that.
    for (const method of ['lp', 'aggregated-lp'] as const) {
      const solution = solveDispatchProblem(problem, lp, { method });
      expect(checkSetpoints(problem, solution.setpoints)).toEqual([]);
      expect(solution.shortfallWh).toBe(2_500);
    }
  });
});
