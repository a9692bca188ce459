/**
 * The registry store in memory, for unit specs of the registry use case: the same contract as the
 * PostgreSQL store (`registry-records.contract.ts`), foreign keys included, so a spec that stores a
 * child before its parent fails here as it would against the database. Records are copied in and
 * out, as a database would. Announcements go to its in-memory outbox only when the change is stored.
 */
import { clone } from '@bufbuild/protobuf';
import { GridNodeSchema, SegmentSchema } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import { InMemoryOutboxStore } from '@trottoir/messaging';
import type { OutboxMessage } from '@trottoir/messaging';

import type { RegistryRecords } from './registry-records.port';

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class InMemoryRegistryStore implements RegistryRecords {
  private gridNodes = new Map<string, GridNode>();
  private readonly segments = new Map<string, Segment>();

  constructor(readonly outbox = new InMemoryOutboxStore()) {}

  async upsertGridNodes(nodes: readonly GridNode[], announce: readonly OutboxMessage[] = []): Promise<void> {
    const next = new Map(this.gridNodes);
    for (const node of nodes) next.set(node.nodeId, clone(GridNodeSchema, node));
    // Checked once the whole call is applied, as PostgreSQL checks at the end of the statement.
    for (const node of nodes) {
      if (node.parentId !== '' && !next.has(node.parentId)) throw new Error(`grid node "${node.nodeId}": parent "${node.parentId}" is not stored (foreign key fk_grid_node_parent)`);
    }
    this.gridNodes = next;
    this.outbox.append(announce);
  }

  async upsertSegments(segments: readonly Segment[], announce: readonly OutboxMessage[] = []): Promise<void> {
    for (const segment of segments) {
      if (!this.gridNodes.has(segment.gridNodeId)) throw new Error(`segment "${segment.segmentId}": grid node "${segment.gridNodeId}" is not stored (foreign key fk_segment_grid_node)`);
    }
    for (const segment of segments) this.segments.set(segment.segmentId, clone(SegmentSchema, segment));
    this.outbox.append(announce);
  }

  async loadGridNodes(): Promise<GridNode[]> {
    return [...this.gridNodes.values()].sort((a, b) => byId(a.nodeId, b.nodeId)).map((node) => clone(GridNodeSchema, node));
  }

  async loadSegments(segmentIds?: readonly string[]): Promise<Segment[]> {
    const wanted = segmentIds === undefined ? [...this.segments.values()] : segmentIds.flatMap((id) => this.segments.get(id) ?? []);
    return [...new Set(wanted)].sort((a, b) => byId(a.segmentId, b.segmentId)).map((segment) => clone(SegmentSchema, segment));
  }
}
