/**
 * A segment's performance ratio: measured AC power ÷ its clear-sky AC power (solar model, ratings) in
 * clear conditions. Soiling, shade, parked cars, broken tiles and wear all pull it below 1.
 *
 * Robust estimate: each solar day keeps a high quantile (default P90) of the ratio over its sunny-enough
 * intervals, so the clearest hours of the day speak and cloudy ones do not. The ratio is the upper
 * envelope of the last `windowDays` daily values, each aged by `decayPerDay` (soiling accrues ~1 %/day):
 * a run of cloudy days cannot drag it down faster than soiling would, and the first clear day after a
 * washing rain lifts it at once (the step up shows within that day, once `minSamples` intervals are in).
 * The state is a plain object (JSON-serialisable) the service keeps per segment.
 */
import { DAY_MS, MINUTE_MS } from '@trottoir/kernel';

export interface PerformanceRatioState {
  /** Solar day (days since the epoch, local solar time) of the samples in `todayRatios`; NaN before any. */
  day: number;
  /** Ratios of the sunny-enough intervals of `day`. */
  todayRatios: number[];
  /** Past days, oldest first: their solar day and high quantile. */
  pastDays: number[];
  pastValues: number[];
}

export interface PerformanceRatioOptions {
  /** Ratio before any data (default 0.8). */
  initial?: number;
  /** Quantile of a day's ratios kept as its value (default 0.9). */
  quantile?: number;
  /** Ageing of a past day's value, fraction per day (default 0.01, the soiling rate of a street). */
  decayPerDay?: number;
  /** Days kept (default 14). */
  windowDays?: number;
  /** An interval counts when its clear-sky power is at least this share of peak power (default 0.1). */
  minClearWPerWp?: number;
  /** Sunny-enough intervals needed before a day speaks (default 4, one hour). */
  minSamples?: number;
  /** Ratios above this are taken as bad data and ignored (default 1.5). */
  maxRatio?: number;
}

export function createPerformanceRatioState(): PerformanceRatioState {
  return { day: Number.NaN, todayRatios: [], pastDays: [], pastValues: [] };
}

/** Mean solar time runs 4 minutes ahead per degree east. */
const SOLAR_TIME_PER_DEG_MS = 4 * MINUTE_MS;

/** The solar day of an instant at a longitude (the day boundary at local solar midnight). */
export function solarDayOf(ts: number, longitudeDeg: number): number {
  return Math.floor((ts + longitudeDeg * SOLAR_TIME_PER_DEG_MS) / DAY_MS);
}

/**
 * Feeds one interval: its measured mean AC power and the segment's clear-sky AC power (W). Intervals must
 * come in time order; missing ones are simply not fed. Mutates and returns `state`.
 */
export function observePerformanceRatio(
  state: PerformanceRatioState,
  solarDay: number,
  measuredW: number,
  clearSkyW: number,
  peakPowerW: number,
  options: PerformanceRatioOptions = {},
): PerformanceRatioState {
  if (solarDay !== state.day) closeDay(state, solarDay, options);
  if (!Number.isFinite(measuredW) || measuredW < 0 || !(clearSkyW >= (options.minClearWPerWp ?? 0.1) * peakPowerW)) return state;
  const ratio = measuredW / clearSkyW;
  if (ratio <= (options.maxRatio ?? 1.5)) state.todayRatios.push(ratio);
  return state;
}

/** The current performance ratio at solar day `solarDay`. */
export function performanceRatioOf(state: PerformanceRatioState, solarDay: number, options: PerformanceRatioOptions = {}): number {
  const decay = 1 - (options.decayPerDay ?? 0.01);
  let best = Number.NaN;
  for (let i = 0; i < state.pastDays.length; i++) {
    const age = solarDay - state.pastDays[i];
    if (age > (options.windowDays ?? 14)) continue;
    const value = state.pastValues[i] * decay ** Math.max(age, 0);
    if (!(value <= best)) best = value;
  }
  // The open day (today, or the last day fed when nothing came since) counts as soon as it has enough samples.
  if (state.todayRatios.length >= (options.minSamples ?? 4) && solarDay >= state.day) {
    const open = openDayQuantile(state.todayRatios, options.quantile ?? 0.9) * decay ** (solarDay - state.day);
    if (!(open <= best)) best = open;
  }
  return Number.isNaN(best) ? (options.initial ?? 0.8) : best;
}

/**
 * The open day's high quantile, recomputed only when a ratio was added: a node's csi needs every
 * segment's ratio at every interval, and sorting the day's ratios each time dominated learning.
 */
const openDayQuantiles = new WeakMap<readonly number[], { length: number; level: number; value: number }>();

function openDayQuantile(ratios: readonly number[], level: number): number {
  const cached = openDayQuantiles.get(ratios);
  if (cached && cached.length === ratios.length && cached.level === level) return cached.value;
  const value = highQuantile(ratios, level);
  openDayQuantiles.set(ratios, { length: ratios.length, level, value });
  return value;
}

function closeDay(state: PerformanceRatioState, newDay: number, options: PerformanceRatioOptions): void {
  if (state.todayRatios.length >= (options.minSamples ?? 4)) {
    state.pastDays.push(state.day);
    state.pastValues.push(highQuantile(state.todayRatios, options.quantile ?? 0.9));
  }
  const oldest = newDay - (options.windowDays ?? 14);
  while (state.pastDays.length > 0 && state.pastDays[0] < oldest) {
    state.pastDays.shift();
    state.pastValues.shift();
  }
  state.day = newDay;
  state.todayRatios = [];
}

/** Quantile of a small sample by linear interpolation between order statistics. */
export function highQuantile(values: readonly number[], level: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * level;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
