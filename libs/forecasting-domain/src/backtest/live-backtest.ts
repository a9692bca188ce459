/**
 * The rolling backtest of the live fleet, without its I/O: every issue's node PV forecasts at a few
 * horizons wait until the quarter-hour they forecast has been measured; then forecast, references
 * (smart persistence, climatology) and measurement become one pair, and the pairs of the last days are
 * scored per horizon. The service keeps the state, feeds it issues and measured quarter-hours, and
 * writes and exports the scores; the time is always given.
 *
 * Paired: daytime intervals (forecast P90 or measurement above zero) of every grid node; a node's
 * measurement is the sum of the 15-minute PV means of the segments that reported below it.
 */
import { DAY_MS, HOUR_MS } from '@trottoir/kernel';

import type { QuarterHourObservation } from '../fleet/fleet-intervals';
import type { NodeForecastResult } from '../fleet/fleet-forecast';
import type { ForecastGrid } from '../grid/forecast-grid';
import { HorizonAccumulator } from './backtest-metrics';
import type { HorizonScores } from './backtest-metrics';
import { formatHorizon } from './horizons';

/**
 * The horizons scored (lead time from the issue to the interval's end). No 15 minutes: an issue made
 * after a boundary starts at the next one, so its first interval ends 15–30 min after the issue.
 */
export const LIVE_BACKTEST_HORIZONS_MS: readonly number[] = [HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 24 * HOUR_MS];
/** Pairs older than this leave the score. */
export const LIVE_BACKTEST_WINDOW_MS = 7 * DAY_MS;
/** A forecast whose interval is this long past without a measurement will never be scored. */
export const LIVE_BACKTEST_PENDING_MS = 2 * DAY_MS;

/** An issue as the backtest sees it: the grid and the node forecasts. */
export interface IssuedNodeForecasts {
  readonly grid: ForecastGrid;
  readonly nodes: readonly NodeForecastResult[];
}

interface PendingForecast {
  readonly horizonIndex: number;
  readonly quantilesW: Float64Array;
  readonly pointW: number;
  readonly smartPersistenceW: number;
  readonly climatologyW: number;
  readonly peakPowerW: number;
}

interface ScoredPair extends PendingForecast {
  readonly ts: number;
  readonly measuredW: number;
}

export interface LiveBacktestState {
  /** `${nodeId}|${intervalStartTs}` → the forecasts of that interval still waiting for its measurement. */
  readonly pending: Map<string, PendingForecast[]>;
  pairs: ScoredPair[];
  /** The quantile levels of the latest issue. */
  levels: readonly number[];
}

export function createLiveBacktest(): LiveBacktestState {
  return { pending: new Map(), pairs: [], levels: [] };
}

/** Keeps each node's forecast of the interval that ends at every scored horizon after the issue. */
export function rememberIssue(state: LiveBacktestState, issue: IssuedNodeForecasts): void {
  const { grid } = issue;
  for (const node of issue.nodes) {
    const { pvW } = node;
    state.levels = pvW.levels;
    const median = pvW.levels.indexOf(0.5);
    for (const [horizonIndex, horizonMs] of LIVE_BACKTEST_HORIZONS_MS.entries()) {
      // The interval whose end is `horizonMs` after the issue, on the grid.
      const step = Math.round((grid.issuedAt + horizonMs - grid.startTs) / grid.stepMs) - 1;
      if (step < 0 || step >= grid.steps) continue;
      const quantilesW = new Float64Array(pvW.levels.length);
      for (let level = 0; level < pvW.levels.length; level++) quantilesW[level] = pvW.values[level * grid.steps + step] ?? 0;
      const key = pendingKey(node.nodeId, grid.startTs + step * grid.stepMs);
      const waiting = state.pending.get(key) ?? [];
      waiting.push({
        horizonIndex,
        quantilesW,
        pointW: quantilesW[median] ?? 0,
        smartPersistenceW: node.pvReferences?.smartPersistenceW[step] ?? Number.NaN,
        climatologyW: node.pvReferences?.climatologyW[step] ?? Number.NaN,
        peakPowerW: node.peakPowerW,
      });
      state.pending.set(key, waiting);
    }
  }
}

/**
 * Pairs the forecasts waiting for these measured quarter-hours with the measurement of their node.
 * `nodesAbove` gives the grid nodes a segment's power counts toward (none for a segment not in the fleet).
 */
export function observeSegmentPv(state: LiveBacktestState, observations: readonly QuarterHourObservation[], nodesAbove: (segmentId: string) => readonly string[]): void {
  if (state.pending.size === 0) return;
  const nodeSums = new Map<string, number>();
  for (const observation of observations) {
    for (const nodeId of nodesAbove(observation.segmentId)) {
      const key = pendingKey(nodeId, observation.ts);
      nodeSums.set(key, (nodeSums.get(key) ?? 0) + observation.pvPowerW);
    }
  }
  for (const [key, measuredW] of nodeSums) {
    const waiting = state.pending.get(key);
    if (!waiting) continue;
    state.pending.delete(key);
    const ts = intervalOf(key);
    for (const forecast of waiting) {
      const daytime = measuredW > 0 || (forecast.quantilesW[forecast.quantilesW.length - 1] ?? 0) > 0;
      if (daytime && Number.isFinite(forecast.smartPersistenceW) && Number.isFinite(forecast.climatologyW)) state.pairs.push({ ...forecast, ts, measuredW });
    }
  }
}

/** Drops the pairs that left the window and the forecasts that will never be measured. */
export function expireLiveBacktest(state: LiveBacktestState, nowTs: number): void {
  state.pairs = state.pairs.filter((pair) => pair.ts >= nowTs - LIVE_BACKTEST_WINDOW_MS);
  for (const key of state.pending.keys()) if (intervalOf(key) < nowTs - LIVE_BACKTEST_PENDING_MS) state.pending.delete(key);
}

/** The scores of the pairs kept, one per horizon that has any, shortest first; nMAE is relative to the pairs' mean peak power. */
export function scoreLiveBacktest(state: LiveBacktestState): HorizonScores[] {
  const accumulators = LIVE_BACKTEST_HORIZONS_MS.map((horizonMs) => new HorizonAccumulator(formatHorizon(horizonMs), state.levels));
  const peakSums = LIVE_BACKTEST_HORIZONS_MS.map(() => ({ peakW: 0, n: 0 }));
  for (const pair of state.pairs) {
    accumulators[pair.horizonIndex]?.add(pair.measuredW, pair.quantilesW, pair.pointW, pair.smartPersistenceW, pair.climatologyW);
    const peak = peakSums[pair.horizonIndex];
    if (peak) {
      peak.peakW += pair.peakPowerW;
      peak.n++;
    }
  }
  return accumulators.flatMap((accumulator, index) => {
    const peak = peakSums[index];
    return peak && peak.n > 0 ? [accumulator.scores(peak.peakW / peak.n)] : [];
  });
}

function pendingKey(nodeId: string, intervalStartTs: number): string {
  return `${nodeId}|${intervalStartTs}`;
}

function intervalOf(key: string): number {
  return Number(key.slice(key.lastIndexOf('|') + 1));
}
