/**
 * The rolling backtest of the live fleet: every issue's node PV forecasts at a few horizons are kept
 * until the quarter-hour they forecast has been measured; then forecast, references (smart
 * persistence, climatology) and measurement become one scored pair. After each cycle the pairs of
 * the last days are scored per horizon, written to forecast_skill and exported as metrics — the
 * forecaster's own, honest account of its accuracy.
 *
 * Scored: daytime intervals (forecast P90 or measurement above zero) of every grid node; a node's
 * measurement is the sum of the 15-minute PV averages of the segments that reported below it.
 */
import { HorizonAccumulator, formatHorizon } from '@trottoir/forecasting-domain';

import type { Logger } from '@trottoir/observability';
import type { Queryable } from '@trottoir/persistence';

import type { CycleObserver, IssuedNodes } from '../cycle/forecast.cycle';
import type { QuarterHourObservation } from '../cycle/rollup-history.reader';
import type { FleetView } from '../fleet/fleet-view';
import type { ForecastingMetrics } from '../forecasting.metrics';

const HOUR_MS = 3_600_000;
/**
 * The horizons scored (lead time from the issue to the interval's end). No 15 minutes: an issue made
 * after a boundary starts at the next one, so its first interval ends 15–30 min after the issue.
 */
export const LIVE_BACKTEST_HORIZONS_MS = [HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 24 * HOUR_MS];
/** Pairs older than this leave the score. */
const WINDOW_MS = 7 * 24 * HOUR_MS;

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

export class LiveBacktest implements CycleObserver {
  /** `${nodeId}|${intervalStartTs}` → the forecasts of that interval still waiting for its measurement. */
  private readonly pending = new Map<string, PendingForecast[]>();
  private pairs: ScoredPair[] = [];
  private levels: readonly number[] = [];

  constructor(
    private readonly fleet: FleetView,
    private readonly db: Queryable,
    private readonly metrics: ForecastingMetrics,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  async issued(forecast: IssuedNodes): Promise<void> {
    this.remember(forecast);
    await this.score();
  }

  private remember(forecast: IssuedNodes): void {
    const { grid } = forecast;
    for (const node of forecast.nodes) {
      const { pvW } = node;
      this.levels = pvW.levels;
      const median = pvW.levels.indexOf(0.5);
      for (const [horizonIndex, horizonMs] of LIVE_BACKTEST_HORIZONS_MS.entries()) {
        // The interval whose end is `horizonMs` after the issue, on the grid.
        const step = Math.round((grid.issuedAt + horizonMs - grid.startTs) / grid.stepMs) - 1;
        if (step < 0 || step >= grid.steps) continue;
        const quantilesW = new Float64Array(pvW.levels.length);
        for (let level = 0; level < pvW.levels.length; level++) quantilesW[level] = pvW.values[level * grid.steps + step] ?? 0;
        const key = `${node.nodeId}|${grid.startTs + step * grid.stepMs}`;
        const waiting = this.pending.get(key) ?? [];
        waiting.push({
          horizonIndex,
          quantilesW,
          pointW: quantilesW[median] ?? 0,
          smartPersistenceW: node.pvReferences?.smartPersistenceW[step] ?? Number.NaN,
          climatologyW: node.pvReferences?.climatologyW[step] ?? Number.NaN,
          peakPowerW: node.peakPowerW,
        });
        this.pending.set(key, waiting);
      }
    }
  }

  observed(observations: readonly QuarterHourObservation[]): void {
    if (this.pending.size === 0) return;
    const nodeSums = new Map<string, number>();
    for (const observation of observations) {
      const segment = this.fleet.segment(observation.segmentId);
      if (!segment) continue;
      for (const nodeId of this.fleet.nodeChain(segment.gridNodeId)) {
        const key = `${nodeId}|${observation.ts}`;
        nodeSums.set(key, (nodeSums.get(key) ?? 0) + observation.pvPowerW);
      }
    }
    for (const [key, measuredW] of nodeSums) {
      const waiting = this.pending.get(key);
      if (!waiting) continue;
      this.pending.delete(key);
      const ts = Number(key.slice(key.lastIndexOf('|') + 1));
      for (const forecast of waiting) {
        const daytime = measuredW > 0 || (forecast.quantilesW[forecast.quantilesW.length - 1] ?? 0) > 0;
        if (daytime && Number.isFinite(forecast.smartPersistenceW) && Number.isFinite(forecast.climatologyW)) this.pairs.push({ ...forecast, ts, measuredW });
      }
    }
  }

  /** Scores the pairs of the last days per horizon; writes them and sets the gauges. */
  async score(): Promise<void> {
    const nowTs = this.now();
    this.pairs = this.pairs.filter((pair) => pair.ts >= nowTs - WINDOW_MS);
    // Forecasts whose interval is long past without a measurement will never be scored.
    for (const key of this.pending.keys()) if (Number(key.slice(key.lastIndexOf('|') + 1)) < nowTs - 2 * 24 * HOUR_MS) this.pending.delete(key);
    if (this.pairs.length === 0) return;
    const accumulators = LIVE_BACKTEST_HORIZONS_MS.map((horizonMs) => new HorizonAccumulator(formatHorizon(horizonMs), this.levels));
    const peakSums = LIVE_BACKTEST_HORIZONS_MS.map(() => ({ peakW: 0, n: 0 }));
    for (const pair of this.pairs) {
      accumulators[pair.horizonIndex]?.add(pair.measuredW, pair.quantilesW, pair.pointW, pair.smartPersistenceW, pair.climatologyW);
      const peak = peakSums[pair.horizonIndex];
      if (peak) {
        peak.peakW += pair.peakPowerW;
        peak.n++;
      }
    }
    const evaluatedAt = new Date(nowTs);
    for (const [index, accumulator] of accumulators.entries()) {
      const peak = peakSums[index];
      if (!peak || peak.n === 0) continue;
      const scores = accumulator.scores(peak.peakW / peak.n);
      this.metrics.skill.set({ scope: 'node', horizon: scores.horizon, reference: 'smart_persistence' }, scores.skillVsSmartPersistence);
      this.metrics.skill.set({ scope: 'node', horizon: scores.horizon, reference: 'climatology' }, scores.skillVsClimatology);
      this.metrics.rmseW.set({ scope: 'node', horizon: scores.horizon }, scores.rmse);
      this.metrics.coverage.set({ scope: 'node', horizon: scores.horizon }, scores.coverageP10P90);
      await this.db.query(
        `insert into forecast_skill (evaluated_at, scope, horizon, n, mae_w, rmse_w, nmae, skill_vs_smart_persistence, skill_vs_climatology, pinball_w, coverage_p10_p90)
         values ($1, 'node', $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing`,
        [evaluatedAt, scores.horizon, scores.n, scores.mae, scores.rmse, scores.nmae, nanToNull(scores.skillVsSmartPersistence), nanToNull(scores.skillVsClimatology), scores.pinball, scores.coverageP10P90],
      );
    }
    this.logger.info({ pairs: this.pairs.length, pending: this.pending.size }, 'rolling backtest scored');
  }
}

function nanToNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
