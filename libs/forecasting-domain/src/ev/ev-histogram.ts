/**
 * The distribution of EV power in one hour-of-week bucket, as a histogram over power ÷ capacity
 * (capacity = Σ connector max power of a segment, or of all segments under a node). Bin 0 is "idle"
 * (below `edges[0]`, read as exactly 0 W: most of the week a connector draws nothing); bin i ≥ 1
 * covers [edges[i−1], edges[i]) and is read with linear interpolation; the last edge is 1, so every
 * quantile lies in [0, capacity]. Normalising by capacity lets a fleet profile serve as the prior of
 * any segment, whatever its connectors.
 */

export interface EvHistogramLayout {
  /** Upper edges of the bins as a share of capacity, ascending, last = 1. */
  readonly edges: Float64Array;
}

/**
 * Segments: idle below 2 %, then eighths (one 7.4 kW car on a 2 × 22 kW segment is 0.17), a wider
 * top bin. Eight bins = 1,344 bytes per segment for 168 buckets at one byte a count.
 */
export const SEGMENT_EV_LAYOUT: EvHistogramLayout = { edges: Float64Array.from([0.02, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 1]) };

/**
 * Grid nodes: summed power of many connectors is concentrated around a few per cent of capacity, so
 * the bins are geometric (each 25 % wider than the last) from 1/1024 up to 1: 32 bins.
 */
export const NODE_EV_LAYOUT: EvHistogramLayout = {
  edges: Float64Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 1024 ** (i / 31 - 1))),
};

/** The bin a share of capacity falls in. */
export function binOf(layout: EvHistogramLayout, share: number): number {
  const { edges } = layout;
  const last = edges.length - 1;
  if (!(share >= edges[0])) return 0;
  let lo = 1;
  let hi = last;
  // First bin whose upper edge is above `share` (the top bin also takes share ≥ 1).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] > share) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Quantiles of a bucket, as shares of capacity, from bin probabilities `probs[offset … offset+bins)`
 * (summing to 1): `out[outOffset + l]` for each of `levels`, which must ascend. Non-decreasing in the level by
 * construction.
 */
export function histogramQuantilesInto(
  layout: EvHistogramLayout,
  probs: ArrayLike<number>,
  offset: number,
  levels: readonly number[],
  out: Float64Array,
  outOffset: number,
): void {
  const { edges } = layout;
  const bins = edges.length;
  const idle = probs[offset];
  // Levels ascend, so the bin pointer only moves forward: one pass over the bins for all levels.
  let bin = 0;
  let before = 0;
  let cumulative = idle;
  for (let l = 0; l < levels.length; l++) {
    const level = levels[l];
    while (cumulative < level && bin < bins - 1) {
      bin++;
      before = cumulative;
      cumulative += probs[offset + bin];
    }
    if (level <= idle || bin === 0) {
      out[outOffset + l] = 0;
      continue;
    }
    const mass = cumulative - before;
    const lo = edges[bin - 1];
    const within = mass > 0 ? Math.min(1, Math.max(0, (level - before) / mass)) : 1;
    out[outOffset + l] = lo + within * (edges[bin] - lo);
  }
}
