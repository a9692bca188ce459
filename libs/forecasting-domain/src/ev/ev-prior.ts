/**
 * Priors for EV habits, per hour of the week, as bin probabilities (`[hourOfWeek × bins + bin]`).
 * A bucket with few samples is shrunk toward its prior (ev-forecast.ts). Two sources:
 * - pooled: the fleet's (or a group's: same kind, AC or DC) histograms summed — normalised by
 *   capacity, so the fleet's profile is "scaled by the segment's connector power" for free;
 * - default, with no data at all: each connector charges with an hourly probability (below) at the
 *   power of a typical car, connectors independent, so the number charging is binomial.
 */
import { binOf } from './ev-histogram';
import type { EvHistogramLayout } from './ev-histogram';
import { HOURS_PER_WEEK } from './ev-habits';
import type { EvHabits } from './ev-habits';

/**
 * Share of public AC connectors drawing power per local hour, weekdays then weekends. An assumption
 * shaped like published public-charging load profiles (ElaadNL open data 2019–2022: an evening
 * peak from residents at 18–21 h, a smaller morning one from commuters), not a fit: data replaces it
 * within weeks.
 */
const AC_WEEKDAY = [0.1, 0.08, 0.06, 0.05, 0.04, 0.04, 0.05, 0.08, 0.12, 0.14, 0.14, 0.13, 0.12, 0.12, 0.12, 0.13, 0.15, 0.19, 0.23, 0.24, 0.22, 0.18, 0.15, 0.12];
const AC_WEEKEND = [0.1, 0.08, 0.06, 0.05, 0.04, 0.04, 0.04, 0.05, 0.07, 0.1, 0.12, 0.13, 0.13, 0.13, 0.13, 0.13, 0.14, 0.16, 0.18, 0.19, 0.18, 0.15, 0.13, 0.11];
/** DC fast chargers follow traffic: a daytime plateau, quiet nights. */
const DC_DAY = [0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.04, 0.08, 0.1, 0.12, 0.13, 0.13, 0.14, 0.14, 0.13, 0.13, 0.14, 0.15, 0.14, 0.11, 0.08, 0.06, 0.04, 0.03];

/** Above this per-connector power a connector is taken as DC fast charging. */
const DC_CONNECTOR_W = 43_000;
/** What a typical car draws: 11 kW on AC (three-phase on-board charger), 50 kW on DC. */
const TYPICAL_AC_W = 11_000;
const TYPICAL_DC_W = 50_000;

/** Share of connectors charging at a local hour of the week (Monday 00 h = 0). */
export function defaultChargingShare(hourOfWeek: number, dc: boolean): number {
  const hour = hourOfWeek % 24;
  if (dc) return DC_DAY[hour] * (hourOfWeek >= 120 ? 0.8 : 1);
  return (hourOfWeek >= 120 ? AC_WEEKEND : AC_WEEKDAY)[hour];
}

/**
 * The default prior of an entry with `connectorCount` connectors totalling `capacityW`: Binomial(n, p_h)
 * connectors charging, each at the lower of its max power and a typical car's.
 */
export function defaultEvPrior(layout: EvHistogramLayout, connectorCount: number, capacityW: number, hours?: ArrayLike<number>, into?: Float32Array): Float32Array {
  const bins = layout.edges.length;
  // `into`: one array reused node after node (a fresh 21 kB per node was 120 MB of garbage a cycle at 5,677 nodes).
  const prior = into ? into.fill(0) : new Float32Array(HOURS_PER_WEEK * bins);
  if (prior.length !== HOURS_PER_WEEK * bins) throw new RangeError(`the prior has ${prior.length} values, expected ${HOURS_PER_WEEK * bins}`);
  const n = Math.max(0, Math.round(connectorCount));
  // `hours`: only the buckets a forecast reads (a 48 h grid: 49 of 168), the others left at 0; each hour's is the same either way.
  const count = hours ? hours.length : HOURS_PER_WEEK;
  const hourAt = (k: number): number => (hours ? (hours[k] as number) : k);
  if (n === 0 || !(capacityW > 0)) {
    for (let k = 0; k < count; k++) prior[hourAt(k) * bins] = 1;
    return prior;
  }
  const perConnectorW = capacityW / n;
  const dc = perConnectorW > DC_CONNECTOR_W;
  const sessionShare = Math.min(perConnectorW, dc ? TYPICAL_DC_W : TYPICAL_AC_W) / capacityW;
  for (let k = 0; k < count; k++) {
    const h = hourAt(k);
    addBinomial(prior, h * bins, layout, n, defaultChargingShare(h, dc), sessionShare);
  }
  return prior;
}

/**
 * Adds the Binomial(n, p) pmf, k charging → share k × `sessionShare`, into the bins at `offset`.
 * Walks out from the mode with the ratio recurrence and stops once the terms are negligible, so a
 * node with thousands of connectors costs O(√n) terms, not n exponentials.
 */
function addBinomial(prior: Float32Array, offset: number, layout: EvHistogramLayout, n: number, p: number, sessionShare: number): void {
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const modeMass = Math.exp(lnGamma(n + 1) - lnGamma(mode + 1) - lnGamma(n - mode + 1) + mode * Math.log(p) + (n - mode) * Math.log1p(-p));
  const odds = p / (1 - p);
  prior[offset + binOf(layout, mode * sessionShare)] += modeMass;
  let mass = modeMass;
  for (let k = mode; k < n && mass > 1e-12; k++) {
    mass *= ((n - k) / (k + 1)) * odds;
    prior[offset + binOf(layout, (k + 1) * sessionShare)] += mass;
  }
  mass = modeMass;
  for (let k = mode; k > 0 && mass > 1e-12; k--) {
    mass *= (k / (n - k + 1)) / odds;
    prior[offset + binOf(layout, (k - 1) * sessionShare)] += mass;
  }
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: ~15 significant digits). */
function lnGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = g[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * A pooled prior: the histograms of `members` (all entries when omitted) summed per bucket, plus
 * `fallback` weighted as `fallbackWeight` samples so a bucket nobody has seen yet reads as the fallback.
 */
export function pooledEvPrior(habits: EvHabits, fallback: Float32Array, fallbackWeight = 32, members?: ArrayLike<number>): Float32Array {
  const { bins, counts } = habits;
  const size = HOURS_PER_WEEK * bins;
  if (fallback.length !== size) throw new RangeError(`fallback has ${fallback.length} values, expected ${size}`);
  const sums = new Float64Array(size);
  const entries = members ?? { length: habits.capacityW.length };
  for (let m = 0; m < entries.length; m++) {
    const entry = members ? members[m] : m;
    const start = entry * size;
    for (let i = 0; i < size; i++) sums[i] += counts[start + i];
  }
  const prior = new Float32Array(size);
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    let total = fallbackWeight;
    for (let b = 0; b < bins; b++) total += sums[h * bins + b];
    for (let b = 0; b < bins; b++) prior[h * bins + b] = (sums[h * bins + b] + fallbackWeight * fallback[h * bins + b]) / total;
  }
  return prior;
}
