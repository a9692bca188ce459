/**
 * The live state of every grid node over one interval (one minute): the per-segment averages of that
 * interval summed over each node's whole subtree, with the liveness counts. Pure.
 *
 * Sign convention (connection point): import positive, export negative. Per segment
 *   net = load − pv   so   load = net + pv,
 * where load is everything behind the meter that consumes: lights + EV charging + battery power
 * (positive while charging, negative while discharging, so a discharging battery lowers the load) +
 * auxiliaries and losses that the sub-meters do not see. Load is derived from the measured net power
 * rather than summed from the sub-meters so that net = load − pv holds exactly at every node.
 *
 * Only segments that reported during the interval contribute power: a silent segment adds nothing,
 * rather than a guess. `segmentsReporting` says how many did.
 */
import type { SegmentLiveness } from '../liveness/liveness';
import type { SegmentAttachment } from '../liveness/node-liveness';
import type { LiveReading, SegmentRatings } from '@trottoir/flexibility';
import { flexibilityNow } from '@trottoir/flexibility';
import type { GridTree } from '@trottoir/kernel';

/** One segment's averages over the interval (a row of telemetry_1m). */
export interface SegmentInterval {
  readonly segmentId: string;
  readonly pvPowerW: number;
  readonly netPowerW: number;
  /** The devices' averages, for the available flexibility (absent: counted as 0). */
  readonly lightsPowerW?: number;
  readonly evPowerW?: number;
  readonly batteryPowerW?: number;
  readonly batterySocPct?: number;
}

/** A registered segment as the node state reads it: where it hangs, and its ratings for the flexibility. */
export interface NodeStateSegment extends SegmentAttachment {
  readonly ratings?: SegmentRatings;
}

export interface NodeState {
  readonly nodeId: string;
  /** Start of the interval, epoch ms UTC. */
  readonly intervalStartTs: number;
  readonly intervalMs: number;
  /** Mean PV production of the subtree, W, >= 0. */
  readonly pvPowerW: number;
  /** Mean consumption of the subtree, W: net + pv (see the module comment). */
  readonly loadPowerW: number;
  /** Mean net power of the subtree, W: import positive, export negative. */
  readonly netPowerW: number;
  /** Segments of the subtree with at least one reading in the interval. */
  readonly segmentsReporting: number;
  /** Segments of the subtree whose liveness is stale. */
  readonly segmentsStale: number;
  /** Segments of the subtree whose liveness is offline (or that never reported). */
  readonly segmentsOffline: number;
  /** Every registered segment of the subtree. */
  readonly segmentsTotal: number;
  /**
   * Available flexibility, W, >= 0: what the levers of the subtree's segments that reported in the
   * interval and are online could move their net power by (up: curtail PV, charge batteries; down: dim
   * lights to their minimum, hold EV charging, discharge batteries). The same computation as dispatch's
   * market view (flexibilityNow); stale and offline segments count for nothing.
   */
  readonly flexUpW: number;
  readonly flexDownW: number;
  /** When the state was computed, epoch ms UTC. */
  readonly computedAtTs: number;
}

export interface NodeStateInput {
  readonly tree: GridTree;
  readonly segments: Iterable<NodeStateSegment>;
  /** Rows of the interval; a segment absent here did not report in it. */
  readonly intervals: Iterable<SegmentInterval>;
  readonly liveness: ReadonlyMap<string, SegmentLiveness>;
  readonly intervalStartTs: number;
  readonly intervalMs: number;
  readonly computedAtTs: number;
}

interface Totals {
  pvPowerW: number;
  netPowerW: number;
  flexUpW: number;
  flexDownW: number;
  segmentsReporting: number;
  segmentsStale: number;
  segmentsOffline: number;
  segmentsTotal: number;
}

const zero = (): Totals => ({ pvPowerW: 0, netPowerW: 0, flexUpW: 0, flexDownW: 0, segmentsReporting: 0, segmentsStale: 0, segmentsOffline: 0, segmentsTotal: 0 });

function add(total: Totals, value: Totals): void {
  total.pvPowerW += value.pvPowerW;
  total.netPowerW += value.netPowerW;
  total.flexUpW += value.flexUpW;
  total.flexDownW += value.flexDownW;
  total.segmentsReporting += value.segmentsReporting;
  total.segmentsStale += value.segmentsStale;
  total.segmentsOffline += value.segmentsOffline;
  total.segmentsTotal += value.segmentsTotal;
}

export interface NodeStates {
  /** One state per node of the tree, in the tree's order. */
  readonly states: readonly NodeState[];
  /** Registered segments whose grid node the topology does not know (yet). */
  readonly unattachedSegments: number;
}

function liveOf(interval: SegmentInterval): LiveReading {
  return {
    ts: 0,
    pvPowerW: interval.pvPowerW,
    lightsPowerW: interval.lightsPowerW ?? 0,
    evPowerW: interval.evPowerW ?? 0,
    batteryPowerW: interval.batteryPowerW ?? 0,
    ...(interval.batterySocPct === undefined ? {} : { batterySocPct: interval.batterySocPct }),
    netPowerW: interval.netPowerW,
  };
}

/** Every node's state for the interval. Interval rows of unregistered segments are ignored. */
export function computeNodeStates(input: NodeStateInput): NodeStates {
  const byId = new Map<string, SegmentInterval>();
  for (const interval of input.intervals) byId.set(interval.segmentId, interval);
  const contributions: [string, Totals][] = [];
  for (const segment of input.segments) {
    const interval = byId.get(segment.segmentId);
    const liveness = input.liveness.get(segment.segmentId) ?? 'offline';
    const flex = interval && liveness === 'online' && segment.ratings ? flexibilityNow(segment.ratings, liveOf(interval)) : undefined;
    contributions.push([
      segment.gridNodeId,
      {
        pvPowerW: interval?.pvPowerW ?? 0,
        netPowerW: interval?.netPowerW ?? 0,
        flexUpW: flex?.upW ?? 0,
        flexDownW: flex?.downW ?? 0,
        segmentsReporting: interval ? 1 : 0,
        segmentsStale: liveness === 'stale' ? 1 : 0,
        segmentsOffline: liveness === 'offline' ? 1 : 0,
        segmentsTotal: 1,
      },
    ]);
  }
  const { totals, unattached } = input.tree.sumUp(contributions, zero, add);
  const states = [...totals].map(([nodeId, total]): NodeState => ({
    nodeId,
    intervalStartTs: input.intervalStartTs,
    intervalMs: input.intervalMs,
    pvPowerW: total.pvPowerW,
    loadPowerW: total.netPowerW + total.pvPowerW,
    netPowerW: total.netPowerW,
    segmentsReporting: total.segmentsReporting,
    segmentsStale: total.segmentsStale,
    segmentsOffline: total.segmentsOffline,
    segmentsTotal: total.segmentsTotal,
    flexUpW: total.flexUpW,
    flexDownW: total.flexDownW,
    computedAtTs: input.computedAtTs,
  }));
  return { states, unattachedSegments: unattached.length };
}
