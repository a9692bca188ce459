/**
 * Empirical error distributions as fixed-bin histograms with exponential forgetting, stored in one flat
 * array (cells × bins) so the state is a constant size whatever the amount of history. A node's model
 * keeps them as float32 (half the memory of float64: at 5,677 nodes that is the difference between a
 * model that fits the service's memory and one that does not); weights only ever scale and add, and a
 * quantile moves by far less than a bin when they are rounded to 24 bits. Quantiles are read by linear
 * interpolation inside the crossing bin.
 */

/** Histogram weights: float32 in the models, any numeric array in tests. */
export type HistogramBins = Float32Array | Float64Array | number[];

/** Errors of a clear-sky index live in [−1.2, 1.2]; 0.02 wide bins. */
export const ERROR_MIN = -1.2;
export const ERROR_BIN_WIDTH = 0.02;
export const ERROR_BINS = 120;

/** Adds `weight` at `error` in cell `cell` (errors outside the range land in the edge bins). */
export function addError(hist: HistogramBins, cell: number, error: number, weight: number): void {
  const bin = Math.min(ERROR_BINS - 1, Math.max(0, Math.floor((error - ERROR_MIN) / ERROR_BIN_WIDTH)));
  hist[cell * ERROR_BINS + bin] += weight;
}

/** Multiplies a cell's weights by `factor` (forgetting). */
export function decayCell(hist: HistogramBins, cell: number, factor: number): void {
  const base = cell * ERROR_BINS;
  for (let i = 0; i < ERROR_BINS; i++) hist[base + i] *= factor;
}

/** Spreads `weight` over a cell as a discretised normal of standard deviation `sigma` around 0 (a prior). */
export function addNormalPrior(hist: HistogramBins, cell: number, sigma: number, weight: number): void {
  const base = cell * ERROR_BINS;
  let total = 0;
  const shape = new Array<number>(ERROR_BINS);
  for (let i = 0; i < ERROR_BINS; i++) {
    const mid = ERROR_MIN + (i + 0.5) * ERROR_BIN_WIDTH;
    shape[i] = Math.exp(-0.5 * (mid / sigma) ** 2);
    total += shape[i];
  }
  for (let i = 0; i < ERROR_BINS; i++) hist[base + i] += (weight * shape[i]) / total;
}

/** Quantiles of a cell at ascending `levels`, written to `out[outOffset + k]`; non-decreasing by construction. */
export function cellQuantilesInto(hist: ArrayLike<number>, cell: number, levels: readonly number[], out: Float64Array, outOffset: number): void {
  const base = cell * ERROR_BINS;
  let total = 0;
  for (let i = 0; i < ERROR_BINS; i++) total += hist[base + i];
  let bin = 0;
  let below = 0; // weight of the bins before `bin`
  for (let k = 0; k < levels.length; k++) {
    if (total <= 0) {
      out[outOffset + k] = 0;
      continue;
    }
    const target = levels[k] * total;
    while (bin < ERROR_BINS - 1 && below + hist[base + bin] < target) below += hist[base + bin++];
    const inBin = hist[base + bin];
    const fraction = inBin > 0 ? Math.min(Math.max((target - below) / inBin, 0), 1) : 0.5;
    out[outOffset + k] = ERROR_MIN + (bin + fraction) * ERROR_BIN_WIDTH;
  }
}
