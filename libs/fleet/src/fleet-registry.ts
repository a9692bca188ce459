/**
 * The registry in memory: every known grid node and segment, answered without I/O (the ingestion
 * service serves its segment lookup and grid topology from it). Records whose parent or grid node is
 * not known yet (the compacted topics do not order grid nodes before segments) wait here until it
 * arrives. Registered segments are kept lean (`RegisteredSegment`); the full records live in the
 * registry's store.
 */
import type { GridNode, Segment } from '@trottoir/contracts';
import type { SegmentRatings } from '@trottoir/flexibility';
import { segmentRatingsOf } from '@trottoir/flexibility';
import { GridTree } from '@trottoir/kernel';

import { validateGridNode, validateSegment } from './fleet.validation';
import { orderParentsFirst } from './parents-first';

/**
 * What validation and node state need of a segment; a protobuf `Segment` is one. The registry keeps
 * only this in memory (≈ 1/10 of a full record with its path: 100,000 full segments were ≈ 90 MB of
 * the ingestion service's heap, and full GCs under a 320 MB cap).
 */
export interface RegisteredSegment {
  readonly segmentId: string;
  readonly gridNodeId: string;
  readonly commissionedAt: number;
  readonly pv?: { readonly peakPowerW: number };
  /** The ratings its flexibility is computed from (the node state's flex up/down); the registry always keeps them. */
  readonly ratings?: SegmentRatings;
}

/** Records that can be registered now, in that order, and the ones refused with their reasons. */
export interface Admission<T> {
  readonly admitted: T[];
  readonly refused: { readonly id: string; readonly reasons: string[] }[];
}

function registeredOf(segment: Segment): RegisteredSegment {
  const peakPowerW = segment.pv?.peakPowerW;
  const ratings = segmentRatingsOf(segment);
  return peakPowerW === undefined
    ? { segmentId: segment.segmentId, gridNodeId: segment.gridNodeId, commissionedAt: segment.commissionedAt, ratings }
    : { segmentId: segment.segmentId, gridNodeId: segment.gridNodeId, commissionedAt: segment.commissionedAt, pv: { peakPowerW }, ratings };
}

export class FleetRegistry {
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
    const placements = orderParentsFirst(this.waitingNodes.values(), (node) => node, (nodeId) => this.tree.node(nodeId) !== undefined);
    const ready = placements.flatMap((placement) => (placement.status === 'ready' ? [placement.record] : []));
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

  /**
   * The ready grid nodes (`readyGridNodes`) that pass validation against the registry and the ready
   * ones before them; the others are refused, not kept waiting (waiting longer would not mend them).
   */
  admitGridNodes(incoming: readonly GridNode[]): Admission<GridNode> {
    const admitted = new Map<string, GridNode>();
    const refused: Admission<GridNode>['refused'] = [];
    for (const node of this.readyGridNodes(incoming)) {
      const reasons = validateGridNode(node, (id) => admitted.get(id) ?? this.tree.node(id));
      if (reasons.length > 0) refused.push({ id: node.nodeId, reasons });
      else admitted.set(node.nodeId, node);
    }
    return { admitted: [...admitted.values()], refused };
  }

  /** The ready segments (`readySegments`) that pass validation against the registry; the others are refused. */
  admitSegments(incoming: readonly Segment[]): Admission<Segment> {
    const admitted: Segment[] = [];
    const refused: Admission<Segment>['refused'] = [];
    for (const segment of this.readySegments(incoming)) {
      const reasons = this.checkSegment(segment);
      if (reasons.length > 0) refused.push({ id: segment.segmentId, reasons });
      else admitted.push(segment);
    }
    return { admitted, refused };
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
