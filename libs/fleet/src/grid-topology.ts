/**
 * The grid tree as an index over GridNode records: lookup, children and the ancestor chain of a node,
 * and the rule of which kind hangs below which (primary → MV feeder → MV/LV substation → LV feeder).
 */
import { GridNodeKind } from '@trottoir/contracts';
import type { GridNode } from '@trottoir/contracts';

/** The kind a node's parent must have; undefined for a root (primary substation). */
export function parentKindOf(kind: GridNodeKind): GridNodeKind | undefined {
  switch (kind) {
    case GridNodeKind.MV_FEEDER:
      return GridNodeKind.PRIMARY_SUBSTATION;
    case GridNodeKind.SECONDARY_SUBSTATION:
      return GridNodeKind.MV_FEEDER;
    case GridNodeKind.LV_FEEDER:
      return GridNodeKind.SECONDARY_SUBSTATION;
    default:
      return undefined;
  }
}

/** A short, readable name of a node kind for messages ("LV feeder"). */
export function gridNodeKindLabel(kind: GridNodeKind): string {
  switch (kind) {
    case GridNodeKind.PRIMARY_SUBSTATION:
      return 'primary substation';
    case GridNodeKind.MV_FEEDER:
      return 'MV feeder';
    case GridNodeKind.SECONDARY_SUBSTATION:
      return 'MV/LV substation';
    case GridNodeKind.LV_FEEDER:
      return 'LV feeder';
    default:
      return 'unspecified kind';
  }
}

/** A mutable index of grid nodes; upserting a node replaces the previous record with the same id. */
export class GridTree {
  private readonly byId = new Map<string, GridNode>();
  private readonly childIds = new Map<string, Set<string>>();

  constructor(nodes: Iterable<GridNode> = []) {
    for (const node of nodes) this.upsert(node);
  }

  upsert(node: GridNode): void {
    const previous = this.byId.get(node.nodeId);
    if (previous && previous.parentId !== '') this.childIds.get(previous.parentId)?.delete(node.nodeId);
    this.byId.set(node.nodeId, node);
    if (node.parentId !== '') {
      const siblings = this.childIds.get(node.parentId) ?? new Set<string>();
      siblings.add(node.nodeId);
      this.childIds.set(node.parentId, siblings);
    }
  }

  node(nodeId: string): GridNode | undefined {
    return this.byId.get(nodeId);
  }

  nodes(): GridNode[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  children(nodeId: string): GridNode[] {
    return [...(this.childIds.get(nodeId) ?? [])].flatMap((id) => this.byId.get(id) ?? []);
  }

  /** The node and its ancestors, nearest first; stops at a missing parent or a cycle. */
  ancestorsOf(nodeId: string): GridNode[] {
    const chain: GridNode[] = [];
    const seen = new Set<string>();
    for (let node = this.byId.get(nodeId); node && !seen.has(node.nodeId); node = this.byId.get(node.parentId)) {
      seen.add(node.nodeId);
      chain.push(node);
      if (node.parentId === '') break;
    }
    return chain;
  }
}
