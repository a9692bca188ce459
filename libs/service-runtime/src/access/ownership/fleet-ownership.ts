/**
 * GridOwnership followed from the fleet topics (fleet.grid-node.v1, fleet.segment.v1), for a service
 * that does not keep the fleet in memory for its own work: each node's DSO and each segment's node,
 * nothing else, so 100,000 segments cost a few megabytes.
 */
import type { GridNode, Segment } from '@trottoir/contracts';

import type { FleetSink } from '../../fleet-follower';
import type { GridOwnership } from '../grid-ownership.port';

export class FleetOwnership implements GridOwnership, FleetSink {
  private readonly dsoByNode = new Map<string, string>();
  private readonly nodeBySegment = new Map<string, string>();

  putGridNodes(nodes: GridNode[]): void {
    for (const node of nodes) this.dsoByNode.set(node.nodeId, node.dsoId);
  }

  putSegments(segments: Segment[]): void {
    for (const segment of segments) this.nodeBySegment.set(segment.segmentId, segment.gridNodeId);
  }

  dsoOfNode(nodeId: string): string | undefined {
    return this.dsoByNode.get(nodeId);
  }

  nodeOfSegment(segmentId: string): string | undefined {
    return this.nodeBySegment.get(segmentId);
  }
}
