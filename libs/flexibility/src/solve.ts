/**
 * `solveDispatchProblem`: the one entry of the solvers. It picks the path (merit order where no
 * constraint links ISPs, the full LP for small problems, the aggregated LP at fleet scale), turns the
 * decision into setpoints, and computes the reported totals from those setpoints alone. Synchronous and
 * pure given a loaded LP solver: the same problem gives the same solution, byte for byte.
 */
import type { ClassModel } from './lp/class-model';
import { evInfeasibility, singletonModel } from './lp/class-model';
import { groupedModels } from './lp/classes.grouped';
import { disaggregate } from './lp/disaggregate';
import { dualBound } from './lp/dual-bound';
import { solveClassModel } from './lp/fixings';
import type { ClassDecision } from './lp/lp-build';
import { buildLp } from './lp/lp-build';
import type { LpSolver } from './lp/lp-solver';
import { isDecoupled, meritOrder } from './merit-order';
import type { DispatchProblem } from './problem';
import type { DeviceSchedule } from './schedule';
import { evaluateSetpoints, ispHours } from './schedule';
import { setpointsOf } from './setpoints';
import type { DispatchSolution, SolverMethod } from './solution';
import { roundWh } from './solution';

export interface SolveOptions {
  /** Force a path; `merit-order` throws on a problem whose ISPs are linked. Default: chosen by the problem. */
  method?: SolverMethod;
  /** Up to this many segments the automatic choice is the full LP (default 500). */
  fullLpMaxSegments?: number;
  /** Relative gap the aggregated path must certify before it stops refining (default 5e-4, half the 0.1 % promised). */
  gapTolerance?: number;
}

/** Refinement schedule of the aggregated path: bins per unit share, then no grouping at all. */
const RESOLUTIONS = [16, 256, 4096, Infinity];
/** Absolute slack of the gap test, currency units: a zero-cost optimum must not force full refinement over rounding noise. */
const GAP_SLACK = 1e-6;

interface Decided {
  model: ClassModel;
  decision: ClassDecision;
  gap: number;
}

type PathResult = Decided | { infeasible: string };

export function chooseMethod(problem: DispatchProblem, options: SolveOptions = {}): SolverMethod {
  if (options.method) return options.method;
  if (isDecoupled(problem)) return 'merit-order';
  return problem.segments.length <= (options.fullLpMaxSegments ?? 500) ? 'lp' : 'aggregated-lp';
}

function viaMeritOrder(problem: DispatchProblem): PathResult {
  if (!isDecoupled(problem)) throw new Error('the merit order is exact only when no battery or EV links two ISPs: use the LP');
  // Every class of this grouping is exact on a decoupled problem (see merit-order.ts), whatever the resolution.
  const model = groupedModels(problem, 1).conservative;
  const result = meritOrder(model);
  return 'infeasible' in result ? result : { model, decision: result.decision, gap: 0 };
}

function viaFullLp(problem: DispatchProblem, lp: LpSolver): PathResult {
  const model = singletonModel(problem);
  const result = solveClassModel(lp, model);
  return 'infeasible' in result ? result : { model, decision: result.decision, gap: 0 };
}

/**
 * Group, solve the conservative model (feasible for every segment: an upper bound), bound the relaxed one
 * from below (a lower bound on the full LP: by weak duality at the conservative duals, or by solving it
 * when that is not tight enough), and refine the grouping until the two are within `tolerance`.
 */
function viaAggregatedLp(problem: DispatchProblem, lp: LpSolver, tolerance: number): PathResult {
  let lowerBound = -Infinity;
  let best: (Decided & { objective: number }) | undefined;
  const certified = (): boolean => best !== undefined && best.objective - lowerBound <= tolerance * Math.abs(lowerBound) + GAP_SLACK;
  for (const resolution of RESOLUTIONS) {
    if (resolution === Infinity) {
      // No grouping left: the conservative model is the full LP, exact by definition.
      const result = solveClassModel(lp, singletonModel(problem));
      if ('infeasible' in result) return result;
      lowerBound = result.objective;
      if (!best || result.objective < best.objective) best = { model: singletonModel(problem), decision: result.decision, objective: result.objective, gap: 0 };
      break;
    }
    const models = groupedModels(problem, resolution);
    const result = solveClassModel(lp, models.conservative);
    if (!('infeasible' in result)) {
      if (!best || result.objective < best.objective) best = { model: models.conservative, decision: result.decision, objective: result.objective, gap: 0 };
      lowerBound = Math.max(lowerBound, dualBound(buildLp(models.relaxed).lp, result.rowDual));
      if (certified()) break;
    }
    const relaxed = solveClassModel(lp, models.relaxed, { netBatteries: false });
    // The relaxed model contains the full LP's set: if it has no solution, neither has the problem.
    if ('infeasible' in relaxed) return relaxed;
    lowerBound = Math.max(lowerBound, relaxed.objective);
    if (certified()) break;
  }
  if (!best) return { infeasible: 'no dispatch keeps every segment within its limits' };
  best.gap = lowerBound > 0 ? Math.max(0, (best.objective - lowerBound) / lowerBound) : 0;
  return best;
}

function infeasibleSolution(problem: DispatchProblem, method: SolverMethod, reason: string): DispatchSolution {
  const dtH = ispHours(problem);
  const orderedWh = problem.order.reduce((sum, o) => sum + Math.abs(o.deltaW) * dtH, 0);
  return {
    status: 'infeasible',
    objective: null,
    shortfallWh: roundWh(orderedWh),
    deliveredW: new Array<number>(problem.isps).fill(0),
    setpoints: [],
    method,
    optimalityGap: null,
    reason,
  };
}

/** A decision before it becomes setpoints: every device's power, unrounded. */
export type DispatchPlan = { method: SolverMethod; schedule: DeviceSchedule; gap: number } | { method: SolverMethod; infeasible: string };

/** Decides every device's power with the path `chooseMethod` picks (unrounded; solveDispatchProblem prints it). */
export function planDispatch(problem: DispatchProblem, lp: LpSolver, options: SolveOptions = {}): DispatchPlan {
  const method = chooseMethod(problem, options);
  const impossible = evInfeasibility(problem);
  if (impossible) return { method, infeasible: impossible };
  const result =
    method === 'merit-order' ? viaMeritOrder(problem) : method === 'lp' ? viaFullLp(problem, lp) : viaAggregatedLp(problem, lp, options.gapTolerance ?? 5e-4);
  if ('infeasible' in result) return { method, infeasible: result.infeasible };
  return { method, schedule: disaggregate(problem, result.model, result.decision), gap: result.gap };
}

/** Solves a validated problem (see parseDispatchProblem): setpoints, and the totals they imply. */
export function solveDispatchProblem(problem: DispatchProblem, lp: LpSolver, options: SolveOptions = {}): DispatchSolution {
  const plan = planDispatch(problem, lp, options);
  if ('infeasible' in plan) return infeasibleSolution(problem, plan.method, plan.infeasible);
  const setpoints = setpointsOf(problem, plan.schedule);
  const { deliveredW, shortfallWh, objective } = evaluateSetpoints(problem, setpoints);
  return { status: 'optimal', objective, shortfallWh, deliveredW, setpoints, method: plan.method, optimalityGap: Math.round(plan.gap * 1e9) / 1e9 };
}
