/**
 * The forecaster's picture of the fleet: the latest registry record of every segment and grid node,
 * as followed from the compacted fleet topics. A later record for the same id replaces the earlier
 * one; `version` changes whenever anything does, so the cycle rebuilds its per-site tables only then.
 */
import type { GridNode, Segment } from '@trottoir/contracts';
import { GridTree } from '@trottoir/kernel';

export class FleetView {
  private readonly segmentsById = new Map<string, Segment>();
  private readonly tree = new GridTree<GridNode>();
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  putSegments(segments: readonly Segment[]): void {
    for (const segment of segments) this.segmentsById.set(segment.segmentId, segment);
    if (segments.length > 0) this.changes++;
  }

  putGridNodes(nodes: readonly GridNode[]): void {
    for (const node of nodes) this.tree.upsert(node);
    if (nodes.length > 0) this.changes++;
  }

  segments(): Segment[] {
    return [...this.segmentsById.values()];
  }

  segment(segmentId: string): Segment | undefined {
    return this.segmentsById.get(segmentId);
  }

  gridNodes(): GridNode[] {
    return this.tree.nodes();
  }

  gridNode(nodeId: string): GridNode | undefined {
    return this.tree.node(nodeId);
  }

  /** The grid nodes a segment's power counts toward: its node and that node's ancestors; none for an unknown segment. */
  nodesAbove(segmentId: string): string[] {
    const segment = this.segmentsById.get(segmentId);
    return segment ? this.nodeChain(segment.gridNodeId) : [];
  }

  /** The node and its ancestors up to the root, nearest first (unknown parents end the chain). */
  nodeChain(nodeId: string): string[] {
    const chain = this.tree.ancestorsOf(nodeId).map((node) => node.nodeId);
    return chain.length > 0 ? chain : [nodeId];
  }
}
