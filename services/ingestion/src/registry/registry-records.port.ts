/**
 * Where the registry use case keeps its grid nodes and segments: the full records (memory holds only
 * what validation needs), loaded whole at start and by id for reads. Upserts are idempotent, so
 * replaying the compacted topics or importing a file again changes nothing. Adapters: PostgreSQL
 * (`PgRegistryStore`) and in memory (`InMemoryRegistryStore`, for unit specs); one contract suite,
 * `registry-records.contract.ts`, runs against both.
 */
import type { GridNode, Segment } from '@trottoir/contracts';

export const REGISTRY_RECORDS = Symbol('REGISTRY_RECORDS');

export interface RegistryRecords {
  /**
   * Inserts or replaces grid nodes by id, the last one of an id winning. A parent must be stored
   * already or come in the same call (in any order); otherwise the call fails and stores nothing.
   */
  upsertGridNodes(nodes: readonly GridNode[]): Promise<void>;
  /** Inserts or replaces segments by id, the last one winning; their grid nodes must be stored, or the call fails and stores nothing. */
  upsertSegments(segments: readonly Segment[]): Promise<void>;
  /** Every stored grid node, in no order the caller may rely on. */
  loadGridNodes(): Promise<GridNode[]>;
  /** Every stored segment, or those of `segmentIds` that are stored; in no order the caller may rely on. */
  loadSegments(segmentIds?: readonly string[]): Promise<Segment[]>;
}
