import fc from 'fast-check';

import type { GridTreeNode } from './grid-tree';
import { GridTree } from './grid-tree';

/**
 * PS ─ MV1 ─ SS1 ─ LV1
 *            │     └ LV2
 *            └ SS2 ─ LV3
 */
const smallGrid: GridTreeNode[] = [
  { nodeId: 'PS', parentId: '' },
  { nodeId: 'MV1', parentId: 'PS' },
  { nodeId: 'SS1', parentId: 'MV1' },
  { nodeId: 'SS2', parentId: 'MV1' },
  { nodeId: 'LV1', parentId: 'SS1' },
  { nodeId: 'LV2', parentId: 'SS1' },
  { nodeId: 'LV3', parentId: 'SS2' },
];

/** Random trees: node i hangs below a node before it (or is a root), so there is no cycle. */
const arbTree = fc.array(fc.nat(), { minLength: 1, maxLength: 30 }).map((picks) =>
  picks.map((pick, i): GridTreeNode => ({ nodeId: `n${i}`, parentId: i === 0 || pick % 5 === 0 ? '' : `n${pick % i}` })),
);

describe('GridTree', () => {
  it('given grid nodes, when walking up from an LV feeder, then it reaches the primary substation', () => {
    const tree = GridTree.of(smallGrid);
    expect(tree.pathToRoot('LV2')).toEqual(['LV2', 'SS1', 'MV1', 'PS']);
    expect(tree.ancestorsOf('LV2').map((node) => node.nodeId)).toEqual(['LV2', 'SS1', 'MV1', 'PS']);
    expect([...tree.childIds('SS1')].sort()).toEqual(['LV1', 'LV2']);
    expect(tree.children('SS2')).toEqual([{ nodeId: 'LV3', parentId: 'SS2' }]);
  });

  it('given an unknown node, when walking up, then the path is empty', () => {
    expect(GridTree.of(smallGrid).pathToRoot('nowhere')).toEqual([]);
  });

  it('given a parent the registry does not know yet, when walking up, then the node is a root until the parent comes', () => {
    const tree = GridTree.of([{ nodeId: 'LV9', parentId: 'SS9' }]);
    expect(tree.pathToRoot('LV9')).toEqual(['LV9']);
    expect(tree.childIds('SS9')).toEqual(['LV9']);
    tree.upsert({ nodeId: 'SS9', parentId: '' });
    expect(tree.pathToRoot('LV9')).toEqual(['LV9', 'SS9']);
  });

  it('given a node moved to another parent, then it leaves its old parent', () => {
    const tree = GridTree.of(smallGrid);
    tree.upsert({ nodeId: 'LV2', parentId: 'SS2' });
    expect(tree.childIds('SS1')).toEqual(['LV1']);
    expect([...tree.childIds('SS2')].sort()).toEqual(['LV2', 'LV3']);
    expect(tree.pathToRoot('LV2')).toEqual(['LV2', 'SS2', 'MV1', 'PS']);
  });

  it('given a cycle, when walking up, then the walk stops before repeating a node', () => {
    const tree = GridTree.of([
      { nodeId: 'a', parentId: 'b' },
      { nodeId: 'b', parentId: 'a' },
    ]);
    expect(tree.pathToRoot('a')).toEqual(['a', 'b']);
  });

  it('given values on unknown nodes, when summed up, then they are returned apart', () => {
    const tree = GridTree.of(smallGrid);
    const result = tree.sumUp(
      [
        ['LV1', 2],
        ['ghost', 5],
      ],
      () => ({ total: 0 }),
      (total, value) => void (total.total += value),
    );
    expect(result.totals.get('PS')).toEqual({ total: 2 });
    expect(result.unattached).toEqual([5]);
  });

  it('a node total equals its own values plus its children totals', () => {
    fc.assert(
      fc.property(arbTree, fc.array(fc.tuple(fc.nat(), fc.integer({ min: -1000, max: 1000 })), { maxLength: 40 }), (nodes, values) => {
        const tree = GridTree.of(nodes);
        const attached = values.map(([pick, value]) => [nodes[pick % nodes.length].nodeId, value] as const);
        const { totals } = tree.sumUp(attached, () => ({ sum: 0 }), (total, value) => void (total.sum += value));
        for (const node of nodes) {
          const own = attached.filter(([nodeId]) => nodeId === node.nodeId).reduce((sum, [, value]) => sum + value, 0);
          const children = tree.childIds(node.nodeId).reduce((sum, child) => sum + (totals.get(child)?.sum ?? 0), 0);
          expect(totals.get(node.nodeId)?.sum).toBe(own + children);
        }
      }),
    );
  });
});
