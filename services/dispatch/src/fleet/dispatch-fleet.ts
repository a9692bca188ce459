/**
 * The fleet as dispatch needs it, in memory: each segment's ratings (compact, as the planner reads
 * them), the grid tree, and which segments hang below each node (found once per topology change, so
 * that an order at a primary substation does not walk 100,000 segments' ancestors each time).
 */
import type { GridNode, Segment } from '@trottoir/contracts';
import type { SegmentRatings } from '@trottoir/flexibility';
import { segmentRatingsOf } from '@trottoir/flexibility';
import { GridTree } from '@trottoir/kernel';

export interface FleetSegment {
  readonly ratings: SegmentRatings;
  readonly gridNodeId: string;
}

export class DispatchFleet {
  private readonly tree = new GridTree<GridNode>();
  private readonly segments = new Map<string, FleetSegment>();
  private below: Map<string, string[]> | undefined;

  putGridNodes(nodes: readonly GridNode[]): void {
    for (const node of nodes) this.tree.upsert(node);
    if (nodes.length > 0) this.below = undefined;
  }

  putSegments(segments: readonly Segment[]): void {
    for (const segment of segments) {
      const previous = this.segments.get(segment.segmentId);
      this.segments.set(segment.segmentId, { ratings: segmentRatingsOf(segment), gridNodeId: segment.gridNodeId });
      if (previous?.gridNodeId !== segment.gridNodeId) this.below = undefined;
    }
  }

  node(nodeId: string): GridNode | undefined {
    return this.tree.node(nodeId);
  }

  segment(segmentId: string): FleetSegment | undefined {
    return this.segments.get(segmentId);
  }

  get segmentCount(): number {
    return this.segments.size;
  }

  /** Ids of every segment below a node (its whole subtree), sorted. */
  segmentIdsBelow(nodeId: string): readonly string[] {
    if (!this.below) {
      const below = new Map<string, string[]>();
      for (const [segmentId, segment] of this.segments) {
        for (const ancestor of this.tree.pathToRoot(segment.gridNodeId)) {
          let ids = below.get(ancestor);
          if (!ids) below.set(ancestor, (ids = []));
          ids.push(segmentId);
        }
      }
      for (const ids of below.values()) ids.sort();
      this.below = below;
    }
    return this.below.get(nodeId) ?? [];
  }
}
