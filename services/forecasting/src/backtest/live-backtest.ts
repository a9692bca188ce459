/**
 * The rolling backtest of the live fleet, as the service runs it: every issue and every measured
 * quarter-hour go to the pure live backtest of @trottoir/forecasting-domain (pairing and windowing);
 * after each cycle the pairs of the last days are scored per horizon, written to forecast_skill and
 * exported as metrics — the forecaster's own, honest account of its accuracy.
 */
import { createLiveBacktest, expireLiveBacktest, observeSegmentPv, rememberIssue, scoreLiveBacktest } from '@trottoir/forecasting-domain';
import type { IssuedNodeForecasts, QuarterHourObservation } from '@trottoir/forecasting-domain';
import type { Logger } from '@trottoir/observability';
import type { Queryable } from '@trottoir/persistence';

import type { CycleObserver } from '../cycle/forecast.cycle';
import type { FleetView } from '../fleet/fleet-view';
import type { ForecastingMetrics } from '../forecasting.metrics';

export class LiveBacktest implements CycleObserver {
  private readonly state = createLiveBacktest();

  constructor(
    private readonly fleet: FleetView,
    private readonly db: Queryable,
    private readonly metrics: ForecastingMetrics,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  async issued(forecast: IssuedNodeForecasts): Promise<void> {
    rememberIssue(this.state, forecast);
    await this.score();
  }

  observed(observations: readonly QuarterHourObservation[]): void {
    observeSegmentPv(this.state, observations, (segmentId) => this.fleet.nodesAbove(segmentId));
  }

  /** Scores the pairs of the last days per horizon; writes them and sets the gauges. */
  async score(): Promise<void> {
    const nowTs = this.now();
    expireLiveBacktest(this.state, nowTs);
    if (this.state.pairs.length === 0) return;
    const evaluatedAt = new Date(nowTs);
    for (const scores of scoreLiveBacktest(this.state)) {
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
    this.logger.info({ pairs: this.state.pairs.length, pending: this.state.pending.size }, 'rolling backtest scored');
  }
}

function nanToNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
