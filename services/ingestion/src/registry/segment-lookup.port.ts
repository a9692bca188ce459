/**
 * How the telemetry pipeline learns a segment's ratings and the grid around it: the registry keeps
 * every known segment and grid node (from the database and the compacted topics fleet.segment.v1
 * and fleet.grid-node.v1) and answers from memory.
 */
import type { GridNode } from '@trottoir/contracts';
import type { RegisteredSegment } from '@trottoir/fleet';

export const SEGMENT_LOOKUP = Symbol('SEGMENT_LOOKUP');

export interface SegmentLookup {
  /** The registered segment, or undefined when the id is unknown. */
  find(segmentId: string): RegisteredSegment | undefined;
  /** Every registered segment. */
  all(): readonly RegisteredSegment[];
}

export const GRID_TOPOLOGY = Symbol('GRID_TOPOLOGY');

export interface GridTopology {
  node(nodeId: string): GridNode | undefined;
  /** Every registered grid node. */
  nodes(): readonly GridNode[];
  /** The node and all its ancestors up to the primary substation, nearest first. */
  ancestorsOf(nodeId: string): readonly GridNode[];
}
