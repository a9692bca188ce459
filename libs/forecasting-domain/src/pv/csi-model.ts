/**
 * The clear-sky index model of one grid node (or location cluster): the node's measured PV power ÷ the
 * sum of its segments' clear-sky power × performance ratio. It learns, online and in time order:
 * - smart persistence features (last csi, mean csi of the last 3 h) as known after each interval;
 * - a climatology: csi by solar hour of day, an exponentially forgotten mean (it follows the season);
 * - per horizon bin, the blend weights (csi-regression.ts) fitted on past (issue → outcome) pairs;
 * - per horizon bin × sky state (the forecast csi: overcast, mixed, clear) × sun (low, high) × weather
 *   forecast (with, without), the empirical distribution of the errors of that blend (error-histogram.ts),
 *   from which the quantiles come;
 * - when weather forecasts are recorded (`recordCsiWeather`), a second blend per horizon bin with the
 *   forecast's csi as a fifth feature, fitted the same way; its prior is the blend without weather (weight 0
 *   on the forecast), so a weather feed only changes the forecast as far as past outcomes back it.
 * Every pair it learns from is (features known after interval j) → (csi of interval k > j), built when k
 * is observed: a forecast issued at t uses only what was observed up to t (rolling origin).
 */
import { HOUR_MS, ISP_MS } from '@trottoir/kernel';
import { accumulate, decayBin, FEATURES, FEATURES_WITH_WEATHER, predict, priorCoefficients, solveCoefficients } from './csi-regression';
import { addError, addNormalPrior, cellQuantilesInto, decayCell, ERROR_BINS } from './error-histogram';

/** Longest lead learned, intervals (48 h); longer leads use the last bin. */
export const MAX_LEAD_STEPS = 192;
/** Upper lead (in intervals, inclusive) of each horizon bin: 15 min, 30 min, 1 h, 2 h, 4 h, 8 h, 16 h, 24 h, 48 h. */
export const LEAD_BIN_UPPER = [1, 2, 4, 8, 16, 32, 64, 96, 192];
/** Sky states by forecast csi: overcast below 0.4, mixed below 0.75, clear above. */
export const SKY_EDGES = [0.4, 0.75];
export const SKY_STATES = SKY_EDGES.length + 1;
/** Error cells also split low sun (elevation below CSI_MIN_ELEVATION_DEG: larger relative errors) from high sun. */
export const SUN_STATES = 2;
/** Cells per lead bin: sky × sun × (without, with a weather forecast). */
const CELLS_PER_BIN = SKY_STATES * SUN_STATES * 2;
/** Cells of one half (without, or with, a weather forecast) of a model's error histograms. */
const HALF_CELLS = (LEAD_BIN_UPPER.length * CELLS_PER_BIN) / 2;
/**
 * Target share of outcomes inside P10–P90 as the model learns it (all leads of a bin, csi space, low sun included):
 * 82 %, because the share scored in power over daytime intervals at the bin's longest lead runs 2–4 points lower.
 */
const TARGET_INSIDE = 0.82;
/** A csi is observed only when the sun is this high (below, the index is noise on a tiny denominator). */
export const CSI_MIN_ELEVATION_DEG = 10;
export const CSI_MAX = 1.3;
const RING = 256;
const OUTER_LEVELS = [0.1, 0.5, 0.9];
const SPREAD_RATE = 0.01;
const MEAN_WINDOW = 12;

export interface CsiModelOptions {
  /** Forgetting factor per observed interval for the weights and error distributions (default 0.9997: ~3,000 daytime intervals, 2–3 months). */
  forgetting?: number;
  /** Ridge strength towards the prior weights, in samples (default 30). */
  ridge?: number;
  /** Climatology learning rate floor per sample of its hour (default 1/240: about the last 60 days). */
  climatologyRate?: number;
}

export interface CsiModelState {
  longitudeDeg: number;
  /** Interval index (startTs / 15 min) of the last interval fed, NaN before any. */
  lastIndex: number;
  firstIndex: number;
  /** Ring buffers by interval index mod 256: observed csi (NaN at night or missing), features after it. */
  csi: Float64Array;
  featLast: Float64Array;
  featMean: Float64Array;
  lastValid: number;
  climatology: number[];
  climatologyCount: number[];
  xtx: number[];
  xty: number[];
  /** The blend with a weather forecast (5 features). */
  xtxWeather: number[];
  xtyWeather: number[];
  /**
   * Weather forecast csi by lead bin and target interval (`[bin × 256 + target mod 256]`), and the target it
   * is for (−1: none); absent until a weather forecast is first recorded (a fleet without a provider never has them).
   */
  weatherCsi?: Float64Array;
  weatherTarget?: Int32Array;
  /** Error histograms without a weather forecast, cell = (leadBin × SKY_STATES + sky) × SUN_STATES + sun. */
  errors: Float32Array;
  /**
   * The same with a weather forecast, absent until the first (forecast with weather, outcome) pair: until
   * then they are the prior scaled by `decayed`, which is what reading them needs.
   */
  weatherErrors?: Float32Array;
  /** The product of the forgetting factors applied so far (what an untouched histogram has been scaled by). */
  decayed: number;
  /** Per lead bin × (without, with weather), the factor on the spread of the quantiles around the median, tuned online for 80 % inside P10–P90. */
  spread: number[];
}

const LEAD_BIN_OF: Int8Array = (() => {
  const out = new Int8Array(MAX_LEAD_STEPS + 1);
  for (let lead = 1; lead <= MAX_LEAD_STEPS; lead++) out[lead] = LEAD_BIN_UPPER.findIndex((upper) => lead <= upper);
  return out;
})();
const BIN_SIZE = LEAD_BIN_UPPER.map((upper, b) => upper - (b === 0 ? 0 : LEAD_BIN_UPPER[b - 1]));
/** Representative horizon (hours) of each bin: the middle of its leads. */
const BIN_HOURS = LEAD_BIN_UPPER.map((upper, b) => ((upper + (b === 0 ? 1 : LEAD_BIN_UPPER[b - 1] + 1)) / 2) * 0.25);

export function leadBinOf(leadSteps: number): number {
  return LEAD_BIN_OF[Math.min(Math.max(1, Math.round(leadSteps)), MAX_LEAD_STEPS)];
}

export function skyStateOf(csi: number): number {
  let sky = 0;
  while (sky < SKY_EDGES.length && csi >= SKY_EDGES[sky]) sky++;
  return sky;
}

/** A weak prior so the first forecasts have sensible spread: errors widen with the horizon. Cells of one half. */
function priorErrors(): Float32Array {
  const errors = new Float32Array(HALF_CELLS * ERROR_BINS);
  const cellsPerBin = HALF_CELLS / LEAD_BIN_UPPER.length;
  for (let b = 0; b < LEAD_BIN_UPPER.length; b++) {
    const sigma = 0.08 + 0.17 * (1 - Math.exp(-BIN_HOURS[b] / 3));
    for (let cell = 0; cell < cellsPerBin; cell++) addNormalPrior(errors, b * cellsPerBin + cell, sigma, 10);
  }
  return errors;
}
const PRIOR_ERRORS = priorErrors();

/** The prior's quantiles per cell, `[cell × levels + level]`, by levels array (the models use two or three). */
const priorQuantilesByLevels = new WeakMap<readonly number[], Float64Array>();
function priorQuantiles(levels: readonly number[]): Float64Array {
  let quantiles = priorQuantilesByLevels.get(levels);
  if (!quantiles) {
    quantiles = new Float64Array(HALF_CELLS * levels.length);
    for (let cell = 0; cell < HALF_CELLS; cell++) cellQuantilesInto(PRIOR_ERRORS, cell, levels, quantiles, cell * levels.length);
    priorQuantilesByLevels.set(levels, quantiles);
  }
  return quantiles;
}

export function createCsiModelState(longitudeDeg: number): CsiModelState {
  const bins = LEAD_BIN_UPPER.length;
  return {
    longitudeDeg,
    lastIndex: Number.NaN,
    firstIndex: Number.NaN,
    csi: new Float64Array(RING).fill(Number.NaN),
    featLast: new Float64Array(RING).fill(Number.NaN),
    featMean: new Float64Array(RING).fill(Number.NaN),
    lastValid: Number.NaN,
    climatology: new Array<number>(24).fill(0.6),
    climatologyCount: new Array<number>(24).fill(0),
    xtx: new Array<number>(bins * FEATURES * FEATURES).fill(0),
    xty: new Array<number>(bins * FEATURES).fill(0),
    xtxWeather: new Array<number>(bins * FEATURES_WITH_WEATHER * FEATURES_WITH_WEATHER).fill(0),
    xtyWeather: new Array<number>(bins * FEATURES_WITH_WEATHER).fill(0),
    errors: PRIOR_ERRORS.slice(),
    decayed: 1,
    spread: new Array<number>(bins * 2).fill(1),
  };
}

/** Values of a forecaster's offsets array at `levels` levels. */
export function csiOffsetsLength(levels: readonly number[]): number {
  return HALF_CELLS * 2 * levels.length;
}

/** A cell of the forecaster's offsets: both halves, `cell × 2 + withWeather`. */
function cellOf(leadBin: number, forecastCsi: number, lowSun: boolean, withWeather: boolean): number {
  return halfCellOf(leadBin, forecastCsi, lowSun) * 2 + (withWeather ? 1 : 0);
}

/** A cell of one half of the error histograms. */
function halfCellOf(leadBin: number, forecastCsi: number, lowSun: boolean): number {
  return (leadBin * SKY_STATES + skyStateOf(forecastCsi)) * SUN_STATES + (lowSun ? 0 : 1);
}

/** The histograms with weather, made when first needed: the prior, forgotten as the others were. */
function weatherErrorsOf(state: CsiModelState): Float32Array {
  if (!state.weatherErrors) {
    const errors = PRIOR_ERRORS.slice();
    for (let i = 0; i < errors.length; i++) errors[i] *= state.decayed;
    state.weatherErrors = errors;
  }
  return state.weatherErrors;
}

/**
 * Records a weather forecast's csi for the intervals from `startIndex` (NaN where it has none), by lead bin
 * as seen from the last interval fed: when those intervals are observed, the blend with weather learns from them.
 */
export function recordCsiWeather(state: CsiModelState, startIndex: number, weatherCsi: ArrayLike<number>): void {
  if (!Number.isFinite(state.lastIndex)) return;
  state.weatherCsi ??= new Float64Array(LEAD_BIN_UPPER.length * RING).fill(Number.NaN);
  state.weatherTarget ??= new Int32Array(LEAD_BIN_UPPER.length * RING).fill(-1);
  for (let step = 0; step < weatherCsi.length; step++) {
    const value = weatherCsi[step];
    const target = startIndex + step;
    const lead = target - state.lastIndex;
    if (!Number.isFinite(value) || lead < 1 || lead > MAX_LEAD_STEPS) continue;
    const slot = LEAD_BIN_OF[lead] * RING + (target % RING);
    state.weatherCsi[slot] = Math.min(Math.max(value, 0), CSI_MAX);
    state.weatherTarget[slot] = target;
  }
}

function weatherCsiFor(state: CsiModelState, bin: number, target: number): number {
  if (!state.weatherCsi || !state.weatherTarget) return Number.NaN;
  const slot = bin * RING + (target % RING);
  return state.weatherTarget[slot] === target ? state.weatherCsi[slot] : Number.NaN;
}

/** Solar hour of day (0–23) of the middle of interval `index` at a longitude. */
export function solarHourOf(index: number, longitudeDeg: number): number {
  const hours = ((index + 0.5) * ISP_MS) / HOUR_MS + longitudeDeg / 15;
  return Math.floor(((hours % 24) + 24) % 24);
}

/** The features known after interval `j`, for a target interval `target`. */
function featuresInto(x: number[], state: CsiModelState, j: number, target: number): void {
  const climatology = state.climatology[solarHourOf(target, state.longitudeDeg)];
  const last = state.featLast[j % RING];
  const mean = state.featMean[j % RING];
  x[0] = 1;
  x[1] = Number.isFinite(last) ? last : climatology;
  x[2] = Number.isFinite(mean) ? mean : x[1];
  x[3] = climatology;
}

function allCoefficients(state: CsiModelState, options: CsiModelOptions): number[][] {
  return LEAD_BIN_UPPER.map((_, b) => solveCoefficients(state.xtx, state.xty, b, priorCoefficients(BIN_HOURS[b]), options.ridge ?? 30));
}

/** The blend with weather, pulled toward the blend without it (weight 0 on the weather forecast). */
function weatherCoefficients(state: CsiModelState, beta: readonly number[][], options: CsiModelOptions): number[][] {
  return LEAD_BIN_UPPER.map((_, b) => solveCoefficients(state.xtxWeather, state.xtyWeather, b, [...beta[b], 0], options.ridge ?? 30, FEATURES_WITH_WEATHER));
}

/**
 * Feeds interval `index` (startTs / 15 min) with its observed csi, or NaN when there is none (night,
 * missing data). `lowSun` (sun below CSI_MIN_ELEVATION_DEG): the csi is learnt from (climatology, errors)
 * but not persisted as a feature. Intervals must come in increasing order; older or repeated ones are ignored.
 */
export function observeCsi(state: CsiModelState, index: number, csi: number, context: CsiObservationContext = {}, options: CsiModelOptions = {}): CsiModelState {
  const lowSun = context.lowSun ?? false;
  if (Number.isFinite(state.lastIndex) && index <= state.lastIndex) return state;
  if (Number.isNaN(state.firstIndex)) state.firstIndex = index;
  // Skipped intervals: nothing observed, features carried forward.
  const from = Number.isFinite(state.lastIndex) ? Math.max(state.lastIndex + 1, index - RING + 1) : index;
  for (let j = from; j < index; j++) {
    state.csi[j % RING] = Number.NaN;
    state.featLast[j % RING] = state.lastValid;
    state.featMean[j % RING] = Number.isFinite(state.lastIndex) ? state.featMean[state.lastIndex % RING] : Number.NaN;
  }
  const y = Number.isFinite(csi) ? Math.min(Math.max(csi, 0), CSI_MAX) : Number.NaN;
  if (!Number.isNaN(y)) learn(state, index, y, lowSun, context.importance ?? 1, options);
  state.csi[index % RING] = lowSun ? Number.NaN : y;
  if (!Number.isNaN(y) && !lowSun) state.lastValid = y;
  state.featLast[index % RING] = state.lastValid;
  let sum = 0;
  let count = 0;
  for (let j = Math.max(index - MEAN_WINDOW + 1, state.firstIndex); j <= index; j++) {
    const value = state.csi[j % RING];
    if (!Number.isNaN(value)) {
      sum += value;
      count++;
    }
  }
  state.featMean[index % RING] = count > 0 ? sum / count : Number.NaN;
  state.lastIndex = index;
  return state;
}

/**
 * The forecaster `learn` scores outcomes with, re-fitted once an hour of intervals rather than at every
 * interval: fitting is the costly part of learning (nine regressions and every error cell's quantiles),
 * and weights forgotten at 0.9997 per interval move imperceptibly within an hour. Kept beside the state,
 * not in it, so the state stays plain data.
 */
const REFIT_EVERY_INTERVALS = 4;
const learningForecasters = new WeakMap<CsiModelState, { index: number; forecaster: CsiForecaster }>();

function learningForecaster(state: CsiModelState, index: number, options: CsiModelOptions): CsiForecaster {
  const cached = learningForecasters.get(state);
  if (cached && index >= cached.index && index - cached.index < REFIT_EVERY_INTERVALS) return cached.forecaster;
  const forecaster = prepareCsiForecaster(state, OUTER_LEVELS, options);
  learningForecasters.set(state, { index, forecaster });
  return forecaster;
}

/** The forecaster learning scores with and the interval it was fitted at (a checkpoint keeps it: a restart must learn as an uninterrupted process would). */
export function csiLearningCacheOf(state: CsiModelState): { readonly index: number; readonly forecaster: CsiForecaster } | undefined {
  return learningForecasters.get(state);
}

export function restoreCsiLearningCache(state: CsiModelState, cache: { readonly index: number; readonly forecaster: CsiForecaster }): void {
  learningForecasters.set(state, { index: cache.index, forecaster: cache.forecaster });
}

/** The levels the learning forecaster reads (P10, P50, P90). */
export const CSI_LEARNING_LEVELS: readonly number[] = OUTER_LEVELS;

function learn(state: CsiModelState, index: number, y: number, lowSun: boolean, importance: number, options: CsiModelOptions): void {
  const forgetting = options.forgetting ?? 0.9997;
  const forecaster = learningForecaster(state, index, options);
  const { beta, betaWeather } = forecaster;
  const x = new Array<number>(FEATURES_WITH_WEATHER);
  const earliest = Math.max(state.firstIndex, index - RING + 1);
  for (let b = 0; b < LEAD_BIN_UPPER.length; b++) {
    decayBin(state.xtx, state.xty, b, forgetting);
    decayBin(state.xtxWeather, state.xtyWeather, b, forgetting, FEATURES_WITH_WEATHER);
  }
  for (let cell = 0; cell < HALF_CELLS; cell++) decayCell(state.errors, cell, forgetting);
  if (state.weatherErrors) for (let cell = 0; cell < HALF_CELLS; cell++) decayCell(state.weatherErrors, cell, forgetting);
  state.decayed *= forgetting;
  for (let lead = 1; lead <= MAX_LEAD_STEPS; lead++) {
    const j = index - lead;
    if (j < earliest) break;
    const b = LEAD_BIN_OF[lead];
    featuresInto(x, state, j, index);
    const weight = 1 / BIN_SIZE[b];
    accumulate(state.xtx, state.xty, b, x, y, weight * importance);
    x[FEATURES] = weatherCsiFor(state, b, index);
    const withWeather = !Number.isNaN(x[FEATURES]);
    if (withWeather) accumulate(state.xtxWeather, state.xtyWeather, b, x, y, weight * importance, FEATURES_WITH_WEATHER);
    const forecast = Math.min(Math.max(predict(withWeather ? betaWeather[b] : beta[b], x), 0), CSI_MAX);
    const cell = cellOf(b, forecast, lowSun, withWeather);
    addError(withWeather ? weatherErrorsOf(state) : state.errors, halfCellOf(b, forecast, lowSun), y - forecast, weight);
    // Was the outcome inside the P10–P90 the model would have given? Nudge the spread towards 80 %.
    const o = forecaster.offsets;
    const median = o[cell * 3 + 1];
    const spreadSlot = b * 2 + (withWeather ? 1 : 0);
    const low = forecast + median + state.spread[spreadSlot] * (o[cell * 3] - median);
    const high = forecast + median + state.spread[spreadSlot] * (o[cell * 3 + 2] - median);
    const outside = y < low || y > high ? 1 : 0;
    state.spread[spreadSlot] = Math.min(Math.max(state.spread[spreadSlot] + SPREAD_RATE * weight * (outside - (1 - TARGET_INSIDE)), 0.5), 3);
  }
  const hour = solarHourOf(index, state.longitudeDeg);
  state.climatologyCount[hour]++;
  const rate = Math.max(1 / state.climatologyCount[hour], options.climatologyRate ?? 1 / 240);
  state.climatology[hour] += rate * (y - state.climatology[hour]);
}

export interface CsiObservationContext {
  /** Sun below CSI_MIN_ELEVATION_DEG: learnt from (climatology, errors, weights) but not persisted as a feature. */
  lowSun?: boolean;
  /**
   * Weight of this interval in the least-squares fit of the blend, e.g. its clear-sky power as a share of peak
   * power: the fit then minimises errors in power, not in csi, where the noisy dawn and dusk indices weigh little.
   */
  importance?: number;
}

/** What `forecastCsiInto` needs once per cycle: the fitted weights and each cell's error quantiles. */
export interface CsiForecaster {
  readonly beta: number[][];
  readonly betaWeather: number[][];
  /** Error quantile offsets, `[cell × levels + level]`. */
  readonly offsets: Float64Array;
  readonly levels: readonly number[];
}

/**
 * `offsetsInto`: an array of HALF_CELLS × 2 × levels.length for the offsets, when the forecaster is used at once and
 * dropped (a fleet's cycle: one array for every node instead of 4 kB of garbage per node).
 */
export function prepareCsiForecaster(state: CsiModelState, levels: readonly number[], options: CsiModelOptions = {}, offsetsInto?: Float64Array): CsiForecaster {
  const offsets = offsetsInto ?? new Float64Array(HALF_CELLS * 2 * levels.length);
  if (offsets.length !== HALF_CELLS * 2 * levels.length) throw new RangeError(`the offsets array has ${offsets.length} values, expected ${HALF_CELLS * 2 * levels.length}`);
  // Without any pair with weather yet, those histograms are the prior scaled: same quantiles as the prior, read
  // once per set of levels rather than once per node and cycle (half of this function's work in a fleet without a provider).
  const prior = state.weatherErrors ? undefined : priorQuantiles(levels);
  for (let cell = 0; cell < HALF_CELLS; cell++) {
    cellQuantilesInto(state.errors, cell, levels, offsets, cell * 2 * levels.length);
    if (prior) offsets.set(prior.subarray(cell * levels.length, (cell + 1) * levels.length), (cell * 2 + 1) * levels.length);
    else cellQuantilesInto(state.weatherErrors as Float32Array, cell, levels, offsets, (cell * 2 + 1) * levels.length);
  }
  const beta = allCoefficients(state, options);
  return { beta, betaWeather: weatherCoefficients(state, beta, options), offsets, levels };
}

/**
 * Writes csi quantiles for `steps` intervals from interval index `startIndex` into `out`
 * (level-major, `out[level × steps + step]`, non-decreasing across levels). `nwpCsi`, when given, holds a
 * weather forecast's csi per step (NaN where absent): the steps that have one use the blend with weather.
 * `meanOut` (steps), when given, receives the expected csi (the blend itself, before the error quantiles).
 */
export function forecastCsiInto(
  state: CsiModelState,
  forecaster: CsiForecaster,
  startIndex: number,
  steps: number,
  out: Float64Array,
  lowSun: (step: number) => boolean,
  nwpCsi?: Float64Array,
  meanOut?: Float64Array,
): void {
  const { levels, offsets, beta, betaWeather } = forecaster;
  const x = new Array<number>(FEATURES_WITH_WEATHER);
  const known = Number.isFinite(state.lastIndex) ? state.lastIndex : Number.NaN;
  // The spread is scaled around the median level (or the middle one when there is no 0.5).
  const medianLevel = levels.includes(0.5) ? levels.indexOf(0.5) : Math.floor(levels.length / 2);
  for (let step = 0; step < steps; step++) {
    const target = startIndex + step;
    const lead = Number.isNaN(known) ? MAX_LEAD_STEPS : Math.min(Math.max(target - known, 1), MAX_LEAD_STEPS);
    const b = LEAD_BIN_OF[lead];
    if (Number.isNaN(known)) {
      const climatology = state.climatology[solarHourOf(target, state.longitudeDeg)];
      x[0] = 1;
      x[1] = climatology;
      x[2] = climatology;
      x[3] = climatology;
    } else featuresInto(x, state, known, target);
    const nwp = nwpCsi?.[step];
    const withWeather = nwp !== undefined && Number.isFinite(nwp);
    x[FEATURES] = withWeather ? Math.min(Math.max(nwp, 0), CSI_MAX) : Number.NaN;
    const expected = Math.min(Math.max(predict(withWeather ? betaWeather[b] : beta[b], x), 0), CSI_MAX);
    if (meanOut) meanOut[step] = expected;
    const cell = cellOf(b, expected, lowSun(step), withWeather) * levels.length;
    const spread = state.spread[b * 2 + (withWeather ? 1 : 0)];
    const center = offsets[cell + medianLevel];
    for (let level = 0; level < levels.length; level++) {
      out[level * steps + step] = Math.min(Math.max(expected + center + spread * (offsets[cell + level] - center), 0), CSI_MAX);
    }
  }
}
