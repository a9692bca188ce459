/**
 * What the planner needs of one grid node now: the segments below it that may be dispatched (fresh
 * telemetry, not busy with another order, not lost), the ratings of all of them (the forecast covers
 * them all), and the node's measured state summed over every segment below it that reports.
 */
import type { AvailableSegment, LiveReading, PlanFleet } from '@trottoir/flexibility';

import type { DispatchFleet } from '../fleet/dispatch-fleet';
import type { LiveState } from '../live/live-state';
import type { NodeForecasts } from '../forecasts/node-forecasts';
import type { BusySegments } from './busy-segments';

export interface NodeViewOptions {
  readonly nowTs: number;
  readonly staleAfterMs: number;
  /** Segments committed to another order after this instant are left out. */
  readonly freeFromTs: number;
  /** The order the view is for (its own segments are not busy for it). */
  readonly orderId?: string;
  /** Segments that must not be dispatched (lost: no acknowledgement). */
  readonly exclude?: ReadonlySet<string>;
  /**
   * A segment's reading as it would be without the order's own setpoints (a re-dispatch plans from
   * that: a curtailed segment's live PV is its limit, not what it could produce).
   */
  readonly natural?: (segmentId: string, live: LiveReading) => LiveReading;
}

export interface FreshReading {
  readonly segmentId: string;
  readonly reading: LiveReading;
}

export class NodeView {
  constructor(
    private readonly fleet: DispatchFleet,
    private readonly live: LiveState,
    private readonly forecasts: NodeForecasts,
    private readonly busy: BusySegments,
  ) {}

  async of(nodeId: string, options: NodeViewOptions): Promise<PlanFleet & { segmentsBelow: number; fresh: FreshReading[] }> {
    const available: AvailableSegment[] = [];
    const nodeTotals = { pvPeakW: 0, lightsRatedW: 0, evMaxW: 0 };
    const nodeNow = { netPowerW: 0, pvPowerW: 0, lightsPowerW: 0, evPowerW: 0 };
    const fresh: FreshReading[] = [];
    const below = this.fleet.segmentIdsBelow(nodeId);
    for (const segmentId of below) {
      const segment = this.fleet.segment(segmentId);
      if (!segment) continue;
      nodeTotals.pvPeakW += segment.ratings.pvPeakW;
      nodeTotals.lightsRatedW += segment.ratings.lightsRatedW;
      nodeTotals.evMaxW += segment.ratings.evMaxW;
      const reading = this.live.fresh(segmentId, options.nowTs, options.staleAfterMs);
      if (!reading) continue;
      const live = options.natural ? options.natural(segmentId, reading) : reading;
      fresh.push({ segmentId, reading: live });
      nodeNow.netPowerW += live.netPowerW;
      nodeNow.pvPowerW += live.pvPowerW;
      nodeNow.lightsPowerW += live.lightsPowerW;
      nodeNow.evPowerW += live.evPowerW;
      if (options.exclude?.has(segmentId) || this.busy.isBusy(segmentId, options.freeFromTs, options.orderId)) continue;
      available.push({ ratings: segment.ratings, live });
    }
    const forecast = await this.forecasts.forNode(nodeId, options.nowTs);
    return { available, nodeTotals, nodeNow, segmentsBelow: below.length, fresh, ...(forecast ? { forecast } : {}) };
  }
}
