/**
 * How the use cases solve a dispatch problem: off the event loop in the service (WorkerDispatchSolver),
 * in-process in unit specs and the CLI (InProcessDispatchSolver). Both run the same solver.
 */
import type { DispatchProblem, DispatchSolution, SolveOptions } from '@trottoir/flexibility';

export interface DispatchSolver {
  solve(problem: DispatchProblem, options?: SolveOptions): Promise<DispatchSolution>;
  close(): Promise<void>;
}

export const DISPATCH_SOLVER = Symbol('DISPATCH_SOLVER');
