/**
 * The blend of smart persistence and climatology as a linear model per horizon bin,
 * csi ≈ β · [1, last csi, mean csi of the last 3 h, climatology], fitted online by exponentially
 * forgotten least squares with a ridge pull towards a prior (persistence fading with the horizon).
 * Sufficient statistics only (XᵀX, Xᵀy): a constant-size, serialisable state.
 */

export const FEATURES = 4;
/** With a weather forecast: the same features plus the forecast's csi. */
export const FEATURES_WITH_WEATHER = 5;

/** Prior coefficients for a horizon (hours): persistence weight e^(−h/3), shared 60/40 by last and 3-h mean. */
export function priorCoefficients(horizonH: number): number[] {
  const persistence = Math.exp(-horizonH / 3);
  return [0, 0.6 * persistence, 0.4 * persistence, 1 - persistence];
}

/** Adds one weighted sample to the statistics of bin `bin`. */
export function accumulate(xtx: number[], xty: number[], bin: number, x: readonly number[], y: number, weight: number, n = FEATURES): void {
  const m = bin * n * n;
  const v = bin * n;
  for (let i = 0; i < n; i++) {
    xty[v + i] += weight * x[i] * y;
    for (let j = 0; j < n; j++) xtx[m + i * n + j] += weight * x[i] * x[j];
  }
}

export function decayBin(xtx: number[], xty: number[], bin: number, factor: number, n = FEATURES): void {
  for (let i = 0; i < n * n; i++) xtx[bin * n * n + i] *= factor;
  for (let i = 0; i < n; i++) xty[bin * n + i] *= factor;
}

/** Solves (XᵀX + λI) β = Xᵀy + λ β₀ for bin `bin` by Gaussian elimination with partial pivoting. */
export function solveCoefficients(xtx: readonly number[], xty: readonly number[], bin: number, prior: readonly number[], ridge: number, n = FEATURES): number[] {
  const a: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) row.push(xtx[bin * n * n + i * n + j] + (i === j ? ridge : 0));
    row.push(xty[bin * n + i] + ridge * prior[i]);
    a.push(row);
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    if (Math.abs(p) < 1e-12) return [...prior];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r][col] / p;
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}

export function predict(beta: readonly number[], x: readonly number[]): number {
  let y = 0;
  for (let i = 0; i < beta.length; i++) y += beta[i] * x[i];
  return y;
}
