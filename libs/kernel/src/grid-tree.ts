/**
 * The grid topology as a tree (primary substation → MV feeder → MV/LV substation → LV feeder), built
 * from registry records: lookup, children, the walk to the root, and the one way to sum values over a
 * node's whole subtree. A registry is eventually consistent, so the tree tolerates a parent it does not
 * know (the node is then a root) and a cycle (a walk stops where it would repeat a node). Records may be
 * upserted at any time; the latest record of an id replaces the previous one.
 */

/** What the tree needs of a grid node; the contracts' `GridNode` has this shape. */
export interface GridTreeNode {
  readonly nodeId: string;
  /** Empty for a root (primary substation). */
  readonly parentId: string;
}

export interface SubtreeTotals<V, T> {
  /** One total per known node, over its whole subtree (zero when nothing hangs below it). */
  readonly totals: ReadonlyMap<string, T>;
  /** Values whose node the tree does not know. */
  readonly unattached: readonly V[];
}

export class GridTree<Node extends GridTreeNode = GridTreeNode> {
  private readonly byId = new Map<string, Node>();
  private readonly childIdsOf = new Map<string, Set<string>>();
  /** Walks to the root, cached until the next upsert (node state walks every segment's node each minute). */
  private readonly paths = new Map<string, readonly string[]>();

  constructor(nodes: Iterable<Node> = []) {
    for (const node of nodes) this.upsert(node);
  }

  static of<Node extends GridTreeNode>(nodes: Iterable<Node>): GridTree<Node> {
    return new GridTree(nodes);
  }

  upsert(node: Node): void {
    const previous = this.byId.get(node.nodeId);
    if (previous && previous.parentId !== '') this.childIdsOf.get(previous.parentId)?.delete(node.nodeId);
    this.byId.set(node.nodeId, node);
    if (node.parentId !== '') {
      const siblings = this.childIdsOf.get(node.parentId) ?? new Set<string>();
      siblings.add(node.nodeId);
      this.childIdsOf.set(node.parentId, siblings);
    }
    this.paths.clear();
  }

  has(nodeId: string): boolean {
    return this.byId.has(nodeId);
  }

  node(nodeId: string): Node | undefined {
    return this.byId.get(nodeId);
  }

  nodes(): Node[] {
    return [...this.byId.values()];
  }

  nodeIds(): string[] {
    return [...this.byId.keys()];
  }

  get size(): number {
    return this.byId.size;
  }

  /** Ids of the direct children the tree knows. */
  childIds(nodeId: string): readonly string[] {
    return [...(this.childIdsOf.get(nodeId) ?? [])].filter((id) => this.byId.has(id));
  }

  /** The direct children the tree knows. */
  children(nodeId: string): Node[] {
    return this.childIds(nodeId).map((id) => this.byId.get(id) as Node);
  }

  /** Ids of the node and its known ancestors, nearest first; empty for an unknown node. */
  pathToRoot(nodeId: string): readonly string[] {
    const cached = this.paths.get(nodeId);
    if (cached) return cached;
    const path: string[] = [];
    const seen = new Set<string>();
    for (let node = this.byId.get(nodeId); node && !seen.has(node.nodeId); node = this.byId.get(node.parentId)) {
      seen.add(node.nodeId);
      path.push(node.nodeId);
    }
    this.paths.set(nodeId, path);
    return path;
  }

  /** The node and its known ancestors, nearest first. */
  ancestorsOf(nodeId: string): Node[] {
    return this.pathToRoot(nodeId).map((id) => this.byId.get(id) as Node);
  }

  /**
   * Adds each value (attached to a node) to that node and every ancestor: afterwards each node holds
   * the total of its whole subtree. Values attached to unknown nodes are returned apart, so the
   * caller can report them instead of losing them silently.
   */
  sumUp<V, T>(attached: Iterable<readonly [string, V]>, zero: () => T, add: (total: T, value: V) => void): SubtreeTotals<V, T> {
    const totals = new Map<string, T>();
    for (const nodeId of this.byId.keys()) totals.set(nodeId, zero());
    const unattached: V[] = [];
    for (const [nodeId, value] of attached) {
      const path = this.pathToRoot(nodeId);
      if (path.length === 0) unattached.push(value);
      for (const id of path) add(totals.get(id) as T, value);
    }
    return { totals, unattached };
  }
}
