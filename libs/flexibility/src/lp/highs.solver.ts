/**
 * HiGHS (WebAssembly, `highs` on npm) behind the LP port. Loading the module is asynchronous (it
 * compiles the Wasm once per thread, ~30 ms); every solve after that is synchronous and gets a fresh
 * native model, disposed before it returns, so no state leaks from one order to the next.
 */
import loadHighs from 'highs';
import type { Highs } from 'highs';

import type { LinearProgram, LpResult, LpSolver } from './lp-solver';

let loading: Promise<Highs> | undefined;

/**
 * Serial dual simplex with presolve, without output: deterministic (the same LP gives the same
 * vertex), which the audit replay relies on.
 */
const OPTIONS = { output_flag: false, presolve: 'on', solver: 'simplex', random_seed: 0 } as const;

class HighsSolver implements LpSolver {
  readonly name: string;

  constructor(private readonly highs: Highs) {
    this.name = `HiGHS ${highs.version.string}`;
  }

  solve(lp: LinearProgram): LpResult {
    const { modelStatus } = this.highs.constants;
    return this.highs.withModel(
      {
        numCols: lp.numCols,
        numRows: lp.numRows,
        offset: lp.offset,
        colCost: lp.colCost,
        colLower: lp.colLower,
        colUpper: lp.colUpper,
        rowLower: lp.rowLower,
        rowUpper: lp.rowUpper,
        matrix: { format: 'csc', numRows: lp.numRows, numCols: lp.numCols, starts: lp.starts, indices: lp.indices, values: lp.values },
      },
      (model): LpResult => {
        model.options.set(OPTIONS);
        model.run();
        const status = model.getModelStatus();
        if (status === modelStatus.optimal) {
          const solution = model.getSolution();
          return { status: 'optimal', objective: model.getObjectiveValue(), colValue: Float64Array.from(solution.colValue), rowDual: Float64Array.from(solution.rowDual) };
        }
        const infeasible = status === modelStatus.infeasible || status === modelStatus.unboundedOrInfeasible;
        return { status: infeasible ? 'infeasible' : 'failed', objective: NaN, colValue: new Float64Array(lp.numCols), rowDual: new Float64Array(0), detail: `HiGHS model status ${status}` };
      },
    );
  }
}

/** Loads HiGHS once per thread and returns it behind the LP port. */
export async function loadHighsSolver(): Promise<LpSolver> {
  loading ??= loadHighs();
  return new HighsSolver(await loading);
}
