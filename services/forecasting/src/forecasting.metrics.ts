/**
 * The forecasting service's metrics: how old the latest forecast is (the alert that matters: a
 * forecaster that silently stopped), how long a cycle takes, what the rolling backtest says of the
 * last forecasts' skill per horizon, and what happened to weather input.
 */
import type { Clock } from '@trottoir/kernel';
import type { Registry } from '@trottoir/observability';
import { Counter, Gauge, Histogram } from '@trottoir/observability';

export class ForecastingMetrics {
  readonly cycleSeconds: Histogram<'phase'>;
  readonly cycles: Counter<'outcome'>;
  readonly lastIssuedAt: Gauge<string>;
  readonly skill: Gauge<'horizon' | 'reference' | 'scope'>;
  readonly rmseW: Gauge<'horizon' | 'scope'>;
  readonly coverage: Gauge<'horizon' | 'scope'>;
  readonly weatherForecasts: Counter<'outcome'>;
  readonly deadLettered: Counter<'reason'>;
  private latestIssuedAt = Number.NaN;

  constructor(registry: Registry, clock: Clock) {
    const ageSeconds = (): number => (Number.isNaN(this.latestIssuedAt) ? Number.NaN : (clock.now() - this.latestIssuedAt) / 1000);
    new Gauge({
      name: 'trottoir_forecast_age_seconds',
      help: 'Seconds since the latest forecast was issued (NaN before the first)',
      registers: [registry],
      collect() {
        this.set(ageSeconds());
      },
    });
    this.lastIssuedAt = new Gauge({ name: 'trottoir_forecast_last_issued_timestamp_seconds', help: 'Issue time of the latest forecast, epoch seconds', registers: [registry] });
    this.cycleSeconds = new Histogram({
      name: 'trottoir_forecast_cycle_duration_seconds',
      help: 'Time of one forecast cycle, by phase (learn, compute, store, publish, total)',
      labelNames: ['phase'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    });
    this.cycles = new Counter({ name: 'trottoir_forecast_cycles_total', help: 'Forecast cycles, by outcome (ok, failed, skipped)', labelNames: ['outcome'], registers: [registry] });
    this.skill = new Gauge({
      name: 'trottoir_forecast_backtest_skill',
      help: 'Skill of the live forecasts in the last rolling backtest, 1 − RMSE ÷ RMSE of the reference (smart persistence, climatology), per horizon',
      labelNames: ['scope', 'horizon', 'reference'],
      registers: [registry],
    });
    this.rmseW = new Gauge({ name: 'trottoir_forecast_backtest_rmse_watts', help: 'RMSE of the live PV forecasts in the last rolling backtest, W, per horizon', labelNames: ['scope', 'horizon'], registers: [registry] });
    this.coverage = new Gauge({
      name: 'trottoir_forecast_backtest_coverage_ratio',
      help: 'Share of measurements inside the P10–P90 interval in the last rolling backtest, per horizon',
      labelNames: ['scope', 'horizon'],
      registers: [registry],
    });
    this.weatherForecasts = new Counter({ name: 'trottoir_weather_forecasts_total', help: 'Weather forecasts received, by outcome (stored, duplicate, rejected)', labelNames: ['outcome'], registers: [registry] });
    this.deadLettered = new Counter({ name: 'trottoir_messages_dead_lettered_total', help: 'Messages moved to a dead-letter topic, by reason code', labelNames: ['reason'], registers: [registry] });
  }

  issued(issuedAt: number): void {
    this.latestIssuedAt = issuedAt;
    this.lastIssuedAt.set(issuedAt / 1000);
  }
}
