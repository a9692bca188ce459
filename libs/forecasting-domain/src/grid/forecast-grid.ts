/**
 * The time grid every forecast is laid on: 15-minute intervals (ISPs) aligned on UTC, starting with
 * the first whole interval after the issue time, up to 48 h ahead. Every value carries `issuedAt`
 * (the belief time): a new issue is a new belief, never an overwrite of the previous one.
 */
import { ISP_MS } from '@trottoir/kernel';

/** 48 h of 15-minute intervals. */
export const DEFAULT_FORECAST_STEPS = 192;

export interface ForecastGrid {
  /** When the forecast was made (epoch ms UTC); it sees nothing measured after this. */
  readonly issuedAt: number;
  /** Start of the first interval (epoch ms UTC, an ISP boundary ≥ issuedAt). */
  readonly startTs: number;
  /** Interval length, ms (the ISP: 900,000). */
  readonly stepMs: number;
  /** Number of intervals. */
  readonly steps: number;
}

/** The grid of a forecast issued at `issuedAt`: intervals from the next ISP boundary on. */
export function forecastGridFor(issuedAt: number, steps = DEFAULT_FORECAST_STEPS): ForecastGrid {
  if (!Number.isFinite(issuedAt)) throw new RangeError(`issuedAt must be a finite epoch ms, got ${issuedAt}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  const startTs = Math.ceil(issuedAt / ISP_MS) * ISP_MS;
  return { issuedAt, startTs, stepMs: ISP_MS, steps };
}

/** Start (epoch ms) of interval `step` of the grid. */
export function stepStartTs(grid: ForecastGrid, step: number): number {
  return grid.startTs + step * grid.stepMs;
}

/** Lead time of interval `step`, ms from the issue time to the interval's end (what "horizon" means here). */
export function leadTimeMs(grid: ForecastGrid, step: number): number {
  return grid.startTs + (step + 1) * grid.stepMs - grid.issuedAt;
}
