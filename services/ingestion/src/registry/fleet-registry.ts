/**
 * The registry in memory: every known grid node and segment, answering SEGMENT_LOOKUP and
 * GRID_TOPOLOGY without I/O. Records whose parent or grid node is not known yet (the compacted topics
 * do not order grid nodes before segments) wait here until it arrives. Registered segments are kept
 * lean (`RegisteredSegment`: ids, commissioning, PV peak); their full records are in PostgreSQL.
 */
import type { GridNode, Segment } from '@trottoir/contracts';
import { validateGridNode, validateSegment } from '@trottoir/fleet';
import { GridTree } from '@trottoir/kernel';

import type { GridTopology, RegisteredSegment, SegmentLookup } from './segment-lookup.port';

function registeredOf(segment: Segment): RegisteredSegment {
  const peakPowerW = segment.pv?.peakPowerW;
  return peakPowerW === undefined
    ? { segmentId: segment.segmentId, gridNodeId: segment.gridNodeId, commissionedAt: segment.commissionedAt }
    : { segmentId: segment.segmentId, gridNodeId: segment.gridNodeId, commissionedAt: segment.commissionedAt, pv: { peakPowerW } };
}

export class FleetRegistry implements SegmentLookup, GridTopology {
  private readonly tree = new GridTree<GridNode>();
  private readonly segments = new Map<string, RegisteredSegment>();
  private readonly segmentIdsByNode = new Map<string, Set<string>>();
  private allSegments: readonly RegisteredSegment[] | undefined;
  private allNodes: readonly GridNode[] | undefined;
  private readonly waitingNodes = new Map<string, GridNode>();
  private readonly waitingSegments = new Map<string, Segment>();

  find(segmentId: string): RegisteredSegment | undefined {
    return this.segments.get(segmentId);
  }

  all(): readonly RegisteredSegment[] {
    this.allSegments ??= [...this.segments.values()];
    return this.allSegments;
  }

  node(nodeId: string): GridNode | undefined {
    return this.tree.node(nodeId);
  }

  nodes(): readonly GridNode[] {
    this.allNodes ??= this.tree.nodes();
    return this.allNodes;
  }

  ancestorsOf(nodeId: string): readonly GridNode[] {
    return this.tree.ancestorsOf(nodeId);
  }

  /** Ids of the segments connected to the node or anywhere below it, sorted. */
  segmentIdsUnder(nodeId: string): string[] {
    const found: string[] = [];
    const visit = (id: string) => {
      for (const segmentId of this.segmentIdsByNode.get(id) ?? []) found.push(segmentId);
      for (const child of this.tree.children(id)) visit(child.nodeId);
    };
    if (this.tree.node(nodeId)) visit(nodeId);
    return found.sort((a, b) => a.localeCompare(b));
  }

  /** Reasons the node cannot be registered as it stands; empty when it can. */
  checkGridNode(node: GridNode): string[] {
    return validateGridNode(node, (id) => this.tree.node(id));
  }

  checkSegment(segment: Segment): string[] {
    return validateSegment(segment, (id) => this.tree.node(id));
  }

  putGridNodes(nodes: readonly GridNode[]): void {
    for (const node of nodes) {
      this.tree.upsert(node);
      this.waitingNodes.delete(node.nodeId);
    }
    this.allNodes = undefined;
  }

  putSegments(segments: readonly Segment[]): void {
    for (const segment of segments) {
      const previous = this.segments.get(segment.segmentId);
      if (previous) this.segmentIdsByNode.get(previous.gridNodeId)?.delete(segment.segmentId);
      this.segments.set(segment.segmentId, registeredOf(segment));
      const ids = this.segmentIdsByNode.get(segment.gridNodeId) ?? new Set<string>();
      ids.add(segment.segmentId);
      this.segmentIdsByNode.set(segment.gridNodeId, ids);
      this.waitingSegments.delete(segment.segmentId);
    }
    this.allSegments = undefined;
  }

  /**
   * Sorts incoming nodes (and the ones already waiting) into those whose parent is known, parents
   * first, and those that must wait; the caller stores and then puts the ready ones.
   */
  readyGridNodes(incoming: readonly GridNode[]): GridNode[] {
    for (const node of incoming) this.waitingNodes.set(node.nodeId, node);
    const ready: GridNode[] = [];
    const placed = new Set<string>();
    for (let progress = true; progress; ) {
      progress = false;
      for (const node of this.waitingNodes.values()) {
        if (placed.has(node.nodeId)) continue;
        if (node.parentId === '' || placed.has(node.parentId) || this.tree.node(node.parentId)) {
          ready.push(node);
          placed.add(node.nodeId);
          progress = true;
        }
      }
    }
    for (const node of ready) this.waitingNodes.delete(node.nodeId);
    return ready;
  }

  /** Incoming segments (and waiting ones) whose grid node is known; the others wait. */
  readySegments(incoming: readonly Segment[]): Segment[] {
    for (const segment of incoming) this.waitingSegments.set(segment.segmentId, segment);
    const ready = [...this.waitingSegments.values()].filter((segment) => this.tree.node(segment.gridNodeId));
    for (const segment of ready) this.waitingSegments.delete(segment.segmentId);
    return ready;
  }

  /** Puts records back to wait (their storage failed; the batch will come again). */
  waitGridNodes(nodes: readonly GridNode[]): void {
    for (const node of nodes) this.waitingNodes.set(node.nodeId, node);
  }

  waitSegments(segments: readonly Segment[]): void {
    for (const segment of segments) this.waitingSegments.set(segment.segmentId, segment);
  }

  get waiting(): { gridNodes: number; segments: number } {
    return { gridNodes: this.waitingNodes.size, segments: this.waitingSegments.size };
  }
}
