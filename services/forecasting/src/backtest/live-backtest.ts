/**
 * The rolling backtest of the live fleet, as the service runs it: every issue and every measured
 * quarter-hour go to the pure live backtest of @trottoir/forecasting-domain (pairing and windowing);
 * after each cycle the pairs of the last days are scored per horizon, recorded (forecast_skill) and
 * exported as metrics — the forecaster's own, honest account of its accuracy.
 */
import { createLiveBacktest, expireLiveBacktest, observeSegmentPv, rememberIssue, scoreLiveBacktest } from '@trottoir/forecasting-domain';
import type { IssuedNodeForecasts, QuarterHourObservation } from '@trottoir/forecasting-domain';
import type { Clock } from '@trottoir/kernel';
import type { Logger } from '@trottoir/observability';

import type { CycleObserver } from '../cycle/forecast.cycle';
import type { FleetView } from '../fleet/fleet-view';
import type { ForecastingMetrics } from '../forecasting.metrics';
import type { ForecastSkillLog } from './forecast-skill-log.port';

export class LiveBacktest implements CycleObserver {
  private readonly state = createLiveBacktest();

  constructor(
    private readonly fleet: FleetView,
    private readonly skillLog: ForecastSkillLog,
    private readonly metrics: ForecastingMetrics,
    private readonly logger: Logger,
    private readonly clock: Clock,
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
    const nowTs = this.clock.now();
    expireLiveBacktest(this.state, nowTs);
    if (this.state.pairs.length === 0) return;
    const scores = scoreLiveBacktest(this.state);
    for (const horizon of scores) {
      this.metrics.skill.set({ scope: 'node', horizon: horizon.horizon, reference: 'smart_persistence' }, horizon.skillVsSmartPersistence);
      this.metrics.skill.set({ scope: 'node', horizon: horizon.horizon, reference: 'climatology' }, horizon.skillVsClimatology);
      this.metrics.rmseW.set({ scope: 'node', horizon: horizon.horizon }, horizon.rmse);
      this.metrics.coverage.set({ scope: 'node', horizon: horizon.horizon }, horizon.coverageP10P90);
    }
    await this.skillLog.recordNodeScores(nowTs, scores);
    this.logger.info({ pairs: this.state.pairs.length, pending: this.state.pending.size }, 'rolling backtest scored');
  }
}
