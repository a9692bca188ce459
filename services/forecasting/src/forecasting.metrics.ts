/**
 * The forecasting service's metrics: how old the latest forecast is (the alert that matters: a
 * forecaster that silently stopped), how long a cycle takes, what the rolling backtest says of the
 * last forecasts' skill per horizon, what happened to weather input, and, per grid node, the latest
 * forecast's band for the interval under way (the control room draws it over the measured power).
 */
import type { FleetForecastRun } from '@trottoir/forecasting-domain';
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
  private latestNodes?: { startTs: number; stepMs: number; steps: number; nodes: readonly NodeBand[] };

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
    const nodeBands = () => this.latestNodes;
    new Gauge({
      name: 'trottoir_forecast_node_power_w',
      help: 'The latest forecast of a grid node for the interval under way, W, by flow (pv, lights, ev) and quantile (0.1, 0.5, 0.9)',
      labelNames: ['node_id', 'flow', 'quantile'],
      registers: [registry],
      collect() {
        this.reset();
        const latest = nodeBands();
        if (!latest) return;
        // Before the first interval of the forecast (it starts at the next ISP boundary), that interval stands for now.
        const step = Math.max(0, Math.floor((clock.now() - latest.startTs) / latest.stepMs));
        if (step >= latest.steps) return;
        for (const node of latest.nodes) {
          BAND_FLOWS.forEach((flow, f) => {
            BAND_QUANTILES.forEach((quantile, q) => {
              const value = node.bandW[(f * BAND_QUANTILES.length + q) * latest.steps + step] ?? Number.NaN;
              if (!Number.isNaN(value)) this.set({ node_id: node.nodeId, flow, quantile: String(quantile) }, value);
            });
          });
        }
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

  /**
   * Keeps what the band gauge reads of the latest run's node forecasts: P10, P50 and P90 of each flow, as float32
   * (the precision they are stored and published in). A copy, because the run's series are reused by the next
   * cycle, and a small one: holding the whole float64 run between cycles was 157 MB at 5,677 nodes (issue 13).
   */
  nodeForecasts(run: Pick<FleetForecastRun, 'grid' | 'nodes'>): void {
    const { steps } = run.grid;
    this.latestNodes = {
      startTs: run.grid.startTs,
      stepMs: run.grid.stepMs,
      steps,
      nodes: run.nodes.map((node) => {
        const bandW = new Float32Array(BAND_FLOWS.length * BAND_QUANTILES.length * steps).fill(Number.NaN);
        BAND_FLOWS.forEach((flow, f) => {
          const series = node[FLOW_SERIES[flow]];
          BAND_QUANTILES.forEach((quantile, q) => {
            const level = series.levels.indexOf(quantile);
            if (level < 0 || series.steps !== steps) return;
            bandW.set(series.values.subarray(level * steps, (level + 1) * steps), (f * BAND_QUANTILES.length + q) * steps);
          });
        });
        return { nodeId: node.nodeId, bandW };
      }),
    };
  }

  issued(issuedAt: number): void {
    this.latestIssuedAt = issuedAt;
    this.lastIssuedAt.set(issuedAt / 1000);
  }
}

const BAND_QUANTILES = [0.1, 0.5, 0.9] as const;
const BAND_FLOWS = ['pv', 'lights', 'ev'] as const;
const FLOW_SERIES = { pv: 'pvW', lights: 'lightsW', ev: 'evW' } as const;

interface NodeBand {
  readonly nodeId: string;
  /** `[(flow × quantiles + quantile) × steps + step]`, W; NaN where the series has no such level. */
  readonly bandW: Float32Array;
}
