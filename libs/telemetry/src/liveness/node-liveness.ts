/**
 * Liveness per grid node: how many segments of its whole subtree are reporting (online), stale or
 * offline — what an operator looks at first when a feeder's numbers look wrong.
 */
import type { GridTree } from '@trottoir/kernel';
import type { SegmentLiveness } from './liveness';
import type { LivenessCounts } from './liveness-tracker';
import { emptyLivenessCounts } from './liveness-tracker';

/** Where a segment hangs in the grid; the contracts' `Segment` has this shape. */
export interface SegmentAttachment {
  readonly segmentId: string;
  readonly gridNodeId: string;
}

export interface NodeLiveness {
  readonly byNode: ReadonlyMap<string, LivenessCounts>;
  /** Segments whose grid node the topology does not know (yet). */
  readonly unattachedSegments: number;
}

/** Counts per node over its subtree; segments without a known state count as offline. */
export function livenessByNode(
  tree: GridTree,
  segments: Iterable<SegmentAttachment>,
  states: ReadonlyMap<string, SegmentLiveness>,
): NodeLiveness {
  const attached = [...segments].map((segment) => [segment.gridNodeId, states.get(segment.segmentId) ?? 'offline'] as const);
  const { totals, unattached } = tree.sumUp<SegmentLiveness, LivenessCounts>(attached, emptyLivenessCounts, (total, state) => {
    total[state] += 1;
  });
  return { byNode: totals, unattachedSegments: unattached.length };
}
