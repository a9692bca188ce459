/**
 * Parent-before-child ordering of grid nodes, the one used by the file import (a whole file at once)
 * and by the registry (records read from the compacted topics, which keep no order between keys):
 * a node can be registered once its parent is, so records are placed parents first, and those whose
 * parent is neither among them nor known yet wait.
 */
import type { GridTreeNode } from '@trottoir/kernel';

/**
 * Why a record cannot be placed: its parent is neither among the records nor known; its parent is
 * among them but waits itself; or its parent is the record being placed, i.e. they form a cycle.
 */
export type WaitingCause = 'unknown parent' | 'parent waiting' | 'cycle';

export type Placement<T> = { readonly record: T; readonly status: 'ready' } | { readonly record: T; readonly status: 'waiting'; readonly cause: WaitingCause };

/**
 * Places every record: ready ones after their parent, depth first in the order given (so records
 * already parents first keep their order); each waiting one after what it waits for. A record is
 * ready when it is a root, when its parent is ready, or when `isKnown(parentId)` (registered
 * elsewhere). A record naming itself as its parent is left ready for validation to refuse: it waits
 * for nothing. A later record with the id of an earlier one replaces it.
 */
export function orderParentsFirst<T>(records: Iterable<T>, linkOf: (record: T) => GridTreeNode, isKnown: (nodeId: string) => boolean): Placement<T>[] {
  const byId = new Map<string, T>();
  for (const record of records) byId.set(linkOf(record).nodeId, record);
  const placements: Placement<T>[] = [];
  const ready = new Set<string>();
  const placed = new Set<string>();
  const visiting = new Set<string>();

  const place = (record: T): void => {
    const { nodeId, parentId } = linkOf(record);
    if (placed.has(nodeId)) return;
    const parent = parentId === nodeId ? undefined : byId.get(parentId);
    let cause: WaitingCause | undefined;
    if (parent !== undefined) {
      if (visiting.has(parentId)) cause = 'cycle';
      else {
        visiting.add(nodeId);
        place(parent);
        visiting.delete(nodeId);
        if (!ready.has(parentId)) cause = 'parent waiting';
      }
      if (cause !== undefined && isKnown(parentId)) cause = undefined;
    } else if (parentId !== '' && parentId !== nodeId && !isKnown(parentId)) {
      cause = 'unknown parent';
    }
    placed.add(nodeId);
    if (cause === undefined) {
      ready.add(nodeId);
      placements.push({ record, status: 'ready' });
    } else {
      placements.push({ record, status: 'waiting', cause });
    }
  };
  for (const record of byId.values()) place(record);
  return placements;
}
