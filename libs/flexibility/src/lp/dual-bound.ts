/**
 * A lower bound on an LP's optimum from any row duals, by weak duality: for min cᵀx + offset subject to
 * L ≤ Ax ≤ U and l ≤ x ≤ u, every y gives
 *   offset + Σ_i min_{r ∈ [L_i, U_i]} y_i·r + Σ_j min_{x_j ∈ [l_j, u_j]} (c_j − (Aᵀy)_j)·x_j  ≤  optimum.
 * The aggregated path evaluates the relaxed model at the conservative model's duals (same rows, wider
 * bounds): one HiGHS solve per refinement instead of two, and tight whenever the two models are close.
 * Duals that would make a term −∞ (a half-open row or an unbounded column priced the wrong way) are
 * first moved to where the term is finite: any y is allowed, so the bound stays valid.
 */
import type { LinearProgram } from './lp-solver';

export function dualBound(lp: LinearProgram, rowDual: Float64Array): number {
  if (rowDual.length !== lp.numRows) return -Infinity;
  const y = Float64Array.from(rowDual);
  for (let i = 0; i < lp.numRows; i++) {
    if ((y[i] > 0 && lp.rowLower[i] === -Infinity) || (y[i] < 0 && lp.rowUpper[i] === Infinity)) y[i] = 0;
  }
  const reducedCost = (j: number): number => {
    let r = lp.colCost[j];
    for (let k = lp.starts[j]; k < lp.starts[j + 1]; k++) r -= lp.values[k] * y[lp.indices[k]];
    return r;
  };
  // An unbounded column (the shortfall) with a negative reduced cost: move its single row's dual to zero it.
  for (let j = 0; j < lp.numCols; j++) {
    if (lp.colUpper[j] !== Infinity || reducedCost(j) >= 0) continue;
    if (lp.starts[j + 1] - lp.starts[j] !== 1) return -Infinity;
    const k = lp.starts[j];
    y[lp.indices[k]] = lp.colCost[j] / lp.values[k];
  }
  let bound = lp.offset;
  for (let i = 0; i < lp.numRows; i++) {
    if (y[i] > 0) bound += y[i] * lp.rowLower[i];
    else if (y[i] < 0) bound += y[i] * lp.rowUpper[i];
  }
  for (let j = 0; j < lp.numCols; j++) {
    const r = reducedCost(j);
    const x = r >= 0 ? lp.colLower[j] : lp.colUpper[j];
    if (!Number.isFinite(x)) return -Infinity;
    if (r !== 0) bound += r * x;
  }
  return bound;
}
