/** The solver on the calling thread: for unit specs and tools, where blocking the event loop does not matter. */
import { loadHighsSolver, solveDispatchProblem } from '@trottoir/flexibility';
import type { DispatchProblem, DispatchSolution, LpSolver, SolveOptions } from '@trottoir/flexibility';

import type { DispatchSolver } from './dispatch-solver.port';

export class InProcessDispatchSolver implements DispatchSolver {
  private lp: Promise<LpSolver> | undefined;

  async solve(problem: DispatchProblem, options?: SolveOptions): Promise<DispatchSolution> {
    this.lp ??= loadHighsSolver();
    return solveDispatchProblem(problem, await this.lp, options);
  }

  async close(): Promise<void> {
    // Nothing to release: HiGHS lives as long as the thread.
  }
}
