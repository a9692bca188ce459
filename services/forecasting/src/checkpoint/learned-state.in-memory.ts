/** LearnedStateStore in memory (unit specs): the same semantics as PostgreSQL's, a checkpoint visible only once whole. */
import type { CheckpointMeta, LearnedStateStore } from './learned-state.port';

export class InMemoryLearnedStateStore implements LearnedStateStore {
  private latest: Array<{ meta: CheckpointMeta; parts: Uint8Array[] }> = [];

  async save(meta: CheckpointMeta, parts: Iterable<Uint8Array>): Promise<number> {
    // Copied: the caller may reuse its buffers, as it may after a database write.
    const copies = [...parts].map((part) => part.slice());
    if (copies.length === 0) throw new RangeError('a checkpoint has at least one part');
    this.latest = [{ meta, parts: copies }];
    return copies.reduce((sum, part) => sum + part.byteLength, 0);
  }

  async loadLatest(versions: Pick<CheckpointMeta, 'stateVersion' | 'modelVersion'>, onPart: (bytes: Uint8Array) => void): Promise<CheckpointMeta | undefined> {
    const found = this.latest.find(({ meta }) => meta.stateVersion === versions.stateVersion && meta.modelVersion === versions.modelVersion);
    if (!found) return undefined;
    for (const part of found.parts) onPart(part.slice());
    return found.meta;
  }
}
