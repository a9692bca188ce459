/**
 * Where the registry use case keeps its grid nodes and segments: the full records (memory holds only
 * what validation needs), loaded whole at start and by id for reads. Upserts are idempotent, so
 * replaying the compacted topics or importing a file again changes nothing. Adapters: PostgreSQL
 * (`PgRegistryStore`) and in memory (`InMemoryRegistryStore`, for unit specs); one contract suite,
 * `registry-records.contract.ts`, runs against both.
 *
 * `announce` are the events of the change (fleet.grid-node.v1 / fleet.segment.v1): they join the outbox
 * in the same transaction as the records, so a crash after the commit cannot lose them (issue 12 §3).
 */
import type { GridNode, Segment } from '@trottoir/contracts';
import type { OutboxMessage } from '@trottoir/messaging';

export const REGISTRY_RECORDS = Symbol('REGISTRY_RECORDS');

export interface RegistryRecords {
  /**
   * Inserts or replaces grid nodes by id, the last one of an id winning. A parent must be stored
   * already or come in the same call (in any order); otherwise the call fails and stores nothing.
   */
  upsertGridNodes(nodes: readonly GridNode[], announce?: readonly OutboxMessage[]): Promise<void>;
  /** Inserts or replaces segments by id, the last one winning; their grid nodes must be stored, or the call fails and stores nothing (its announcements neither). */
  upsertSegments(segments: readonly Segment[], announce?: readonly OutboxMessage[]): Promise<void>;
  /** Every stored grid node, in no order the caller may rely on. */
  loadGridNodes(): Promise<GridNode[]>;
  /** Every stored segment, or those of `segmentIds` that are stored; in no order the caller may rely on. */
  loadSegments(segmentIds?: readonly string[]): Promise<Segment[]>;
}
