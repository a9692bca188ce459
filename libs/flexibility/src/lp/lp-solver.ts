/**
 * The LP port: a linear program in sparse column form in, a status and the primal values out. The
 * domain builds LPs and never sees HiGHS; `loadHighsSolver` (highs.solver.ts) is the adapter. The port
 * is synchronous, like HiGHS itself: a service that must not block its event loop runs the whole solve
 * in a worker thread (services/dispatch/src/solver).
 */

/** min colCost·x + offset s.t. rowLower ≤ A·x ≤ rowUpper, colLower ≤ x ≤ colUpper; A column-wise (CSC). */
export interface LinearProgram {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  offset: number;
}

export type LpStatus = 'optimal' | 'infeasible' | 'failed';

export interface LpResult {
  status: LpStatus;
  objective: number;
  colValue: Float64Array;
  /** Row duals y (reduced costs c − Aᵀy) at the optimum; empty otherwise. */
  rowDual: Float64Array;
  /** The solver's own words when it did not reach an optimum. */
  detail?: string;
}

export interface LpSolver {
  readonly name: string;
  solve(lp: LinearProgram): LpResult;
}
