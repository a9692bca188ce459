/**
 * The grid topology as a tree of node ids (primary substation → MV feeder → MV/LV substation → LV
 * feeder), built from registry records, and the one way to sum values over a node's whole subtree.
 * A registry is eventually consistent, so the tree tolerates a parent it does not know (the node
 * becomes a root) and a cycle (the walk stops where it would repeat a node).
 */

/** What the tree needs of a grid node; the contracts' `GridNode` has this shape. */
export interface GridTreeNode {
  readonly nodeId: string;
  /** Empty for a root (primary substation). */
  readonly parentId: string;
}

export class GridTree {
  private readonly parents = new Map<string, string>();
  private readonly childIds = new Map<string, string[]>();
  private readonly paths = new Map<string, readonly string[]>();

  private constructor(nodes: Iterable<GridTreeNode>) {
    for (const node of nodes) this.parents.set(node.nodeId, node.parentId);
    for (const [nodeId, parentId] of this.parents) {
      if (!this.parents.has(parentId)) continue;
      const siblings = this.childIds.get(parentId) ?? [];
      siblings.push(nodeId);
      this.childIds.set(parentId, siblings);
    }
  }

  static of(nodes: Iterable<GridTreeNode>): GridTree {
    return new GridTree(nodes);
  }

  has(nodeId: string): boolean {
    return this.parents.has(nodeId);
  }

  nodeIds(): string[] {
    return [...this.parents.keys()];
  }

  /** Direct children known to the tree. */
  children(nodeId: string): readonly string[] {
    return this.childIds.get(nodeId) ?? [];
  }

  /** The node and its known ancestors, nearest first; empty for an unknown node. */
  pathToRoot(nodeId: string): readonly string[] {
    const cached = this.paths.get(nodeId);
    if (cached) return cached;
    const path: string[] = [];
    const seen = new Set<string>();
    let current: string | undefined = nodeId;
    while (current !== undefined && this.parents.has(current) && !seen.has(current)) {
      path.push(current);
      seen.add(current);
      current = this.parents.get(current);
    }
    this.paths.set(nodeId, path);
    return path;
  }

  /**
   * Adds each value (attached to a node) to that node and every ancestor: afterwards each node holds
   * the total of its whole subtree. Values attached to unknown nodes are returned apart, so the
   * caller can report them instead of losing them silently.
   */
  sumUp<V, T>(attached: Iterable<readonly [string, V]>, zero: () => T, add: (total: T, value: V) => void): SubtreeTotals<V, T> {
    const totals = new Map<string, T>();
    for (const nodeId of this.parents.keys()) totals.set(nodeId, zero());
    const unattached: V[] = [];
    for (const [nodeId, value] of attached) {
      const path = this.pathToRoot(nodeId);
      if (path.length === 0) unattached.push(value);
      for (const id of path) add(totals.get(id) as T, value);
    }
    return { totals, unattached };
  }
}

export interface SubtreeTotals<V, T> {
  /** One total per known node, over its whole subtree (zero when nothing hangs below it). */
  readonly totals: ReadonlyMap<string, T>;
  /** Values whose node the tree does not know. */
  readonly unattached: readonly V[];
}
