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
import type { GridTree } from '@trottoir/kernel';

/** One segment's averages over the interval (a row of telemetry_1m). */
export interface SegmentInterval {
  readonly segmentId: string;
  readonly pvPowerW: number;
  readonly netPowerW: number;
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
   * Available flexibility, W, >= 0. Always 0 here: what a node can give depends on batteries' state
   * of charge, EV sessions' needs and lighting policy, which dispatch computes; ingestion does not guess.
   */
  readonly flexUpW: number;
  readonly flexDownW: number;
  /** When the state was computed, epoch ms UTC. */
  readonly computedAtTs: number;
}

export interface NodeStateInput {
  readonly tree: GridTree;
  readonly segments: Iterable<SegmentAttachment>;
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
  segmentsReporting: number;
  segmentsStale: number;
  segmentsOffline: number;
  segmentsTotal: number;
}

const zero = (): Totals => ({ pvPowerW: 0, netPowerW: 0, segmentsReporting: 0, segmentsStale: 0, segmentsOffline: 0, segmentsTotal: 0 });

function add(total: Totals, value: Totals): void {
  total.pvPowerW += value.pvPowerW;
  total.netPowerW += value.netPowerW;
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

/** Every node's state for the interval. Interval rows of unregistered segments are ignored. */
export function computeNodeStates(input: NodeStateInput): NodeStates {
  const byId = new Map<string, SegmentInterval>();
  for (const interval of input.intervals) byId.set(interval.segmentId, interval);
  const contributions: [string, Totals][] = [];
  for (const segment of input.segments) {
    const interval = byId.get(segment.segmentId);
    const liveness = input.liveness.get(segment.segmentId) ?? 'offline';
    contributions.push([
      segment.gridNodeId,
      {
        pvPowerW: interval?.pvPowerW ?? 0,
        netPowerW: interval?.netPowerW ?? 0,
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
    flexUpW: 0,
    flexDownW: 0,
    computedAtTs: input.computedAtTs,
  }));
  return { states, unattachedSegments: unattached.length };
}
