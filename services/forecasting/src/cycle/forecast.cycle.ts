/**
 * One forecast cycle: learn from the quarter-hours measured since the last cycle (the first cycle
 * warms up from the configured history), read the latest weather issued before now, forecast the
 * whole fleet, store the issue (never overwriting an earlier one), publish it, prune old segment
 * forecasts, and let the rolling backtest score what has matured.
 *
 * Once per cluster: only the instance holding the `forecast` lease issues (the others stand by, and the
 * first to run its cycle after the holder died takes over, learning from the history as a new process
 * does), and the quarter-hour of the issue is claimed under the holder's term before anything is stored
 * or published, so a fail-over never issues the same quarter-hour twice. The holder may issue its own
 * quarter-hour again (the first issues while the fleet arrives).
 */
import { DAY_MS, ispStart } from '@trottoir/kernel';
import type { Clock } from '@trottoir/kernel';
import { FORECASTER_STATE_VERSION, forecasterCheckpointParts, ForecasterCheckpointReader, forecastGridFor } from '@trottoir/forecasting-domain';
import type { IssuedNodeForecasts, QuarterHourObservation } from '@trottoir/forecasting-domain';
import type { Logger } from '@trottoir/observability';
import type { Lease } from '@trottoir/service-runtime';

import type { LearnedStateStore } from '../checkpoint/learned-state.port';
import type { FleetView } from '../fleet/fleet-view';
import type { ForecastingConfig } from '../forecasting.config';
import type { ForecastingMetrics } from '../forecasting.metrics';
import type { ForecastEngine } from './forecast-engine.port';
import type { ForecastPublisher } from './forecast.publisher';
import type { IssuedForecasts } from './issued-forecasts.port';
import type { LatestWeather } from './latest-weather.port';
import type { MeasuredHistory } from './measured-history.port';

export const FORECAST_LEASE = 'forecast';

/** A weather issue older than this is not used. */
const WEATHER_MAX_AGE_MS = 2 * DAY_MS;

export interface CycleObserver {
  /** Sees every measured quarter-hour the engine learns from (the rolling backtest scores with them). */
  observed(observations: readonly QuarterHourObservation[]): void;
  /** Sees every issue once it is stored and published: the grid and the node forecasts (segments are streamed, not kept). */
  issued(issue: IssuedNodeForecasts): void | Promise<void>;
}

export interface ForecastCycleDeps {
  readonly engine: ForecastEngine;
  readonly fleet: FleetView;
  readonly history: MeasuredHistory;
  readonly weather: LatestWeather;
  readonly store: IssuedForecasts;
  readonly publisher: ForecastPublisher;
  readonly metrics: ForecastingMetrics;
  readonly logger: Logger;
  readonly config: ForecastingConfig;
  readonly clock: Clock;
  readonly observers?: readonly CycleObserver[];
  /** Where the learned state is checkpointed (every `config.checkpointEveryCycles` issues) and restored from at start. */
  readonly checkpoints?: LearnedStateStore;
  /** Who issues in the cluster (the `forecast` lease). */
  readonly lease: Lease;
}

export interface CycleOutcome {
  readonly issuedAt: number;
  readonly segments: number;
  readonly nodes: number;
  readonly observations: number;
  /** False when this issue time had been stored before (a re-run): nothing was overwritten. */
  readonly stored: boolean;
}

/** Segments computed, stored and published together: bounds the memory of a cycle. */
const SEGMENTS_PER_CHUNK = 2_000;

export class ForecastCycle {
  /** Quarter-hours starting before this have been learned from. */
  private learnedUpToTs?: number;
  private issues = 0;
  private standingByNow = false;

  constructor(private readonly deps: ForecastCycleDeps) {}

  /** Issues this process has made (0 while the fleet is still unknown). */
  get issuedCount(): number {
    return this.issues;
  }

  /** Whether the last run found the lease held by another instance (which issues instead). */
  get standingBy(): boolean {
    return this.standingByNow;
  }

  async run(): Promise<CycleOutcome | undefined> {
    const { deps } = this;
    const issuedAt = Math.floor(deps.clock.now());
    const term = await deps.lease.acquire();
    this.standingByNow = term === undefined;
    if (!term) return undefined;
    if (deps.fleet.segments().length === 0) {
      deps.metrics.cycles.inc({ outcome: 'skipped' });
      deps.logger.info('forecast cycle skipped: no segment in the fleet yet');
      return undefined;
    }
    if (!(await deps.lease.claimInterval(term, ispStart(issuedAt)))) {
      deps.metrics.cycles.inc({ outcome: 'skipped' });
      deps.logger.warn({ issuedAt: new Date(issuedAt).toISOString(), epoch: term.epoch }, 'forecast cycle skipped: this quarter-hour was issued under another term of the lease, or the lease was lost');
      return undefined;
    }
    try {
      return await this.issue(issuedAt);
    } catch (error) {
      deps.metrics.cycles.inc({ outcome: 'failed' });
      throw error;
    }
  }

  private async issue(issuedAt: number): Promise<CycleOutcome> {
    const { deps } = this;
    const { modelVersion } = deps.config;
    const total = deps.metrics.cycleSeconds.startTimer({ phase: 'total' });
    const learn = deps.metrics.cycleSeconds.startTimer({ phase: 'learn' });
    const observations = await this.learn(issuedAt);
    learn();

    const weather = await deps.weather.latest(issuedAt, WEATHER_MAX_AGE_MS);
    let computeMs = 0;
    const timed = <T>(compute: () => T): T => {
      const startedAt = performance.now();
      try {
        return compute();
      } finally {
        computeMs += performance.now() - startedAt;
      }
    };
    const run = timed(() => deps.engine.forecast(forecastGridFor(issuedAt, deps.config.steps), deps.fleet, weather));
    const { grid } = run;

    const stream = deps.metrics.cycleSeconds.startTimer({ phase: 'store_publish' });
    for (let from = 0; from < run.segmentCount; from += SEGMENTS_PER_CHUNK) {
      const chunk = timed(() => run.segments(from, from + SEGMENTS_PER_CHUNK));
      await deps.store.writeSegments(issuedAt, chunk);
      await deps.publisher.publishSegments(grid, chunk, modelVersion);
    }
    const stored = await deps.store.writeIssue(run, { modelVersion, durationMs: computeMs, weatherLocations: weather.length });
    await deps.publisher.publishNodes(grid, run.nodes, modelVersion);
    await deps.store.pruneSegments(issuedAt - deps.config.segmentRetentionDays * DAY_MS);
    stream();
    deps.metrics.cycleSeconds.observe({ phase: 'compute' }, computeMs / 1000);

    for (const observer of deps.observers ?? []) await observer.issued(run);
    this.issues++;
    await this.checkpoint(issuedAt);
    deps.metrics.nodeForecasts(run);
    deps.metrics.issued(issuedAt);
    deps.metrics.cycles.inc({ outcome: 'ok' });
    const seconds = total();
    deps.logger.info(
      { issuedAt: new Date(issuedAt).toISOString(), segments: run.segmentCount, nodes: run.nodes.length, observations, weatherLocations: weather.length, computeMs: Math.round(computeMs), seconds, stored },
      'forecast issued',
    );
    return { issuedAt, segments: run.segmentCount, nodes: run.nodes.length, observations, stored };
  }

  /** Feeds the engine every complete quarter-hour since the last cycle (or since the checkpoint, or the warm-up start). */
  private async learn(issuedAt: number): Promise<number> {
    const { deps } = this;
    const toTs = ispStart(issuedAt);
    if (this.learnedUpToTs === undefined) await this.restore(toTs);
    const fromTs = this.learnedUpToTs ?? toTs - deps.config.warmupDays * DAY_MS;
    if (fromTs >= toTs) return 0;
    const count = await deps.history.read(fromTs, toTs, (observations) => {
      deps.engine.observe(observations, deps.fleet);
      for (const observer of deps.observers ?? []) observer.observed(observations);
    });
    this.learnedUpToTs = toTs;
    return count;
  }

  /**
   * At the first cycle of a process: takes over the latest checkpoint written by these versions of the
   * state and the model, if any, so the models learn only what came after it. A checkpoint that cannot be
   * read is logged and left: the models warm up from the rollups as without one.
   */
  private async restore(toTs: number): Promise<void> {
    const { deps } = this;
    const store = deps.checkpoints;
    if (!store || !deps.engine.restore) return;
    const startedAt = performance.now();
    try {
      const reader = new ForecasterCheckpointReader();
      let readable = true;
      const meta = await store.loadLatest({ stateVersion: FORECASTER_STATE_VERSION, modelVersion: deps.config.modelVersion }, (part) => {
        if (readable) readable = reader.accept(part);
      });
      if (!meta || !readable || meta.learnedUpToTs > toTs) {
        deps.logger.info({ found: Boolean(meta) }, 'no usable forecaster checkpoint: the models warm up from the rollups');
        return;
      }
      deps.engine.restore(reader.finish());
      this.learnedUpToTs = meta.learnedUpToTs;
      deps.logger.info({ learnedUpTo: new Date(meta.learnedUpToTs).toISOString(), ms: Math.round(performance.now() - startedAt) }, 'forecaster checkpoint restored');
    } catch (error) {
      deps.logger.warn({ err: error }, 'forecaster checkpoint not restored: the models warm up from the rollups');
    }
  }

  /** Checkpoints the learned state after every `checkpointEveryCycles`-th issue; a failure is logged, the issue stands. */
  private async checkpoint(issuedAt: number): Promise<void> {
    const { deps } = this;
    const every = deps.config.checkpointEveryCycles;
    const learned = deps.engine.learned?.();
    if (!deps.checkpoints || every === 0 || this.issues % every !== 0 || !learned || this.learnedUpToTs === undefined) return;
    const startedAt = performance.now();
    try {
      const meta = { stateVersion: FORECASTER_STATE_VERSION, modelVersion: deps.config.modelVersion, learnedUpToTs: this.learnedUpToTs, issuedAt };
      const bytes = await deps.checkpoints.save(meta, forecasterCheckpointParts(learned));
      deps.logger.info({ bytes, ms: Math.round(performance.now() - startedAt) }, 'forecaster checkpoint saved');
    } catch (error) {
      deps.logger.warn({ err: error }, 'forecaster checkpoint not saved');
    }
  }
}
