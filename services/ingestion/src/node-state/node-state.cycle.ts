/**
 * One node-state cycle: bring the rollups up to date (the recent buckets, then intervals touched by
 * late data), read the last complete minute and each segment's latest minute from the 1-minute rollup
 * (the MinuteRollups port), evaluate liveness, sum everything up the grid tree and publish one
 * grid.node-state.v1 per node.
 *
 * Once per cluster: only the instance holding the `node-state` lease runs it (the others stand by and
 * take over at their next minute when the holder dies), and the minute is claimed under the holder's
 * term before it is published, so no minute is published twice across a fail-over.
 */
import type { Clock } from '@trottoir/kernel';
import { GridTree } from '@trottoir/kernel';
import { topics } from '@trottoir/contracts';
import type { LivenessCounts, NodeState, SegmentLiveness } from '@trottoir/telemetry';
import { DEFAULT_VALIDATION_LIMITS, NODE_STATE_INTERVAL_MS, computeNodeStates, countLiveness, evaluateLiveness, lastCompleteMinute } from '@trottoir/telemetry';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import { resumeRefreshFromTs } from '@trottoir/persistence';

import type { Lease, LeaseTerm } from '@trottoir/service-runtime';

import type { GridTopology, SegmentLookup } from '../registry/segment-lookup.port';

import type { LatestNodeStates } from './latest-node-states';
import type { MinuteRollups } from './minute-rollups.port';
import type { NodeStateConfig } from './node-state.config';
import { toGridNodeStateMessage } from './node-state.message';
import type { NodeStateMetrics } from './node-state.metrics';

export interface NodeStateCycleDeps {
  readonly rollups: MinuteRollups;
  readonly bus: MessageBus;
  readonly segments: SegmentLookup;
  readonly topology: GridTopology;
  readonly clock: Clock;
  readonly config: NodeStateConfig;
  readonly metrics: NodeStateMetrics;
  readonly latest: LatestNodeStates;
  readonly logger: Logger;
  /** Who runs the cycle in the cluster (the `node-state` lease). */
  readonly lease: Lease;
  /** Readings older than this at ingest mark their interval dirty (the pipeline's validation limit). */
  readonly lateThresholdMs?: number;
  /** Readings older than this are rejected (the pipeline's validation limit): no refresh goes further back. */
  readonly lateWindowMs?: number;
}

export interface CycleSummary {
  readonly intervalStartTs: number;
  readonly nodes: number;
  readonly segments: LivenessCounts;
  readonly segmentsReporting: number;
  readonly unattachedSegments: number;
  readonly livenessChanges: number;
  readonly dirtyIntervalsRefreshed: number;
  /** False when the minute had been published under another term (a fail-over): not published again. */
  readonly published: boolean;
}

export const NODE_STATE_LEASE = 'node-state';

export class NodeStateCycle {
  private liveness: ReadonlyMap<string, SegmentLiveness> = new Map();
  /** When the previous cycle refreshed the rollups; unknown before the first cycle. */
  private previousCycleTs?: number;
  private readonly lateThresholdMs: number;
  private readonly lateWindowMs: number;

  constructor(private readonly deps: NodeStateCycleDeps) {
    this.lateThresholdMs = deps.lateThresholdMs ?? DEFAULT_VALIDATION_LIMITS.lateThresholdMs;
    this.lateWindowMs = deps.lateWindowMs ?? DEFAULT_VALIDATION_LIMITS.lateWindowMs;
  }

  /** One cycle; undefined when another instance holds the lease. */
  async run(): Promise<CycleSummary | undefined> {
    const { clock, metrics } = this.deps;
    const term = await this.deps.lease.acquire();
    if (!term) {
      this.standBy();
      return undefined;
    }
    const stopTimer = metrics.cycleSeconds.startTimer();
    try {
      const summary = await this.compute(clock.now(), term);
      stopTimer({ outcome: 'ok' });
      return summary;
    } catch (error) {
      stopTimer({ outcome: 'error' });
      throw error;
    }
  }

  /**
   * Another instance runs the cycle: what this one knew goes stale, so when it takes over it starts as a
   * new process does (every rollup from the offline threshold back, liveness from the rollups).
   */
  private standBy(): void {
    this.previousCycleTs = undefined;
    this.liveness = new Map();
  }

  private async compute(nowTs: number, term: LeaseTerm): Promise<CycleSummary> {
    const { config, metrics } = this.deps;
    const intervalStartTs = lastCompleteMinute(nowTs);
    const dirtyIntervalsRefreshed = await this.refreshRollups(nowTs, intervalStartTs);
    const [intervals, lastReadings] = await Promise.all([
      this.deps.rollups.minute(intervalStartTs),
      this.deps.rollups.lastReadings(nowTs - config.offlineAfterMs),
    ]);

    const segments = this.deps.segments.all();
    const evaluation = evaluateLiveness(
      segments.map((segment) => segment.segmentId),
      lastReadings,
      this.liveness,
      nowTs,
      config,
    );
    this.liveness = evaluation.states;
    const { states, unattachedSegments } = computeNodeStates({
      tree: GridTree.of(this.deps.topology.nodes()),
      segments,
      intervals,
      liveness: evaluation.states,
      intervalStartTs,
      intervalMs: NODE_STATE_INTERVAL_MS,
      computedAtTs: nowTs,
    });
    this.deps.latest.replace(states);
    const published = await this.deps.lease.claimInterval(term, intervalStartTs);
    if (published) await this.publish(states);
    else this.deps.logger.warn({ intervalStart: new Date(intervalStartTs).toISOString(), epoch: term.epoch }, 'grid node state of this minute not published: published under another term of the lease, or the lease was lost');

    const counts = countLiveness(evaluation.states.values());
    for (const [state, count] of Object.entries(counts)) metrics.segments.set({ state }, count);
    for (const change of evaluation.changes) {
      metrics.livenessChanges.inc({ from: change.from, to: change.to });
      this.deps.logger.debug({ segmentId: change.segmentId, from: change.from, to: change.to, lastReadingTs: change.lastReadingTs }, 'segment liveness changed');
    }
    const summary: CycleSummary = {
      intervalStartTs,
      nodes: states.length,
      segments: counts,
      segmentsReporting: intervals.length,
      unattachedSegments,
      livenessChanges: evaluation.changes.length,
      dirtyIntervalsRefreshed,
      published,
    };
    if (published) this.deps.logger.info({ ...summary, intervalStart: new Date(intervalStartTs).toISOString() }, 'grid node state published');
    return summary;
  }

  /**
   * The first cycle refreshes every rollup, whole hours, from the offline threshold back (liveness) or
   * from the latest hourly bucket if that is older (the buckets still open when the previous process
   * stopped; `resumeRefreshFromTs`); later cycles only what may have changed since the
   * previous one (`refreshRecentRollups`): readings that arrived meanwhile without
   * being late, i.e. since the previous cycle minus the late threshold. Then up to `limit` late-data
   * intervals.
   */
  private async refreshRollups(nowTs: number, intervalStartTs: number): Promise<number> {
    const { rollups, config } = this.deps;
    if (this.previousCycleTs === undefined) {
      const fromTs = resumeRefreshFromTs(nowTs, await rollups.latestHourBucketTs(), config.offlineAfterMs, this.lateWindowMs);
      await rollups.refreshRollups(Math.min(fromTs, intervalStartTs), nowTs);
    } else {
      await rollups.refreshRecentRollups(this.previousCycleTs - this.lateThresholdMs, nowTs);
    }
    this.previousCycleTs = nowTs;
    return rollups.refreshDirtyIntervals(config.dirtyIntervalsPerCycle);
  }

  private async publish(states: readonly NodeState[]): Promise<void> {
    if (states.length === 0) return;
    await this.deps.bus.publish(topics.gridNodeState, states.map(toGridNodeStateMessage), { source: 'trottoir/ingestion', time: this.deps.clock.now() });
    this.deps.metrics.published.inc(states.length);
    // The wall clock, not the platform's: Prometheus compares it with its own time() (the platform's clock
    // may replay another day, TROTTOIR_CLOCK_START).
    this.deps.metrics.recordStates(states, Date.now() / 1000);
  }
}
