import fc from 'fast-check';

import { arbGrid, smallGrid } from './grid.factory';
import { GridTree } from './grid-tree';

describe('GridTree', () => {
  it('given contract grid nodes, when walking up from an LV feeder, then it reaches the primary substation', () => {
    const tree = GridTree.of(smallGrid().nodes);
    expect(tree.pathToRoot('LV2')).toEqual(['LV2', 'SS1', 'MV1', 'PS']);
    expect([...tree.children('SS1')].sort()).toEqual(['LV1', 'LV2']);
  });

  it('given an unknown node, when walking up, then the path is empty', () => {
    expect(GridTree.of(smallGrid().nodes).pathToRoot('nowhere')).toEqual([]);
  });

  it('given a parent the registry does not know yet, when walking up, then the node is a root', () => {
    const tree = GridTree.of([{ nodeId: 'LV9', parentId: 'SS9' }]);
    expect(tree.pathToRoot('LV9')).toEqual(['LV9']);
  });

  it('given a cycle, when walking up, then the walk stops before repeating a node', () => {
    const tree = GridTree.of([
      { nodeId: 'a', parentId: 'b' },
      { nodeId: 'b', parentId: 'a' },
    ]);
    expect(tree.pathToRoot('a')).toEqual(['a', 'b']);
  });

  it('given values on unknown nodes, when summed up, then they are returned apart', () => {
    const tree = GridTree.of(smallGrid().nodes);
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
      fc.property(arbGrid(), fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 40 }), (grid, values) => {
        const tree = GridTree.of(grid.nodes);
        const attached = grid.segments.map((segment, index) => [segment.gridNodeId, values[index] ?? 1] as const);
        const { totals } = tree.sumUp(attached, () => ({ sum: 0 }), (total, value) => void (total.sum += value));
        for (const node of grid.nodes) {
          const own = attached.filter(([nodeId]) => nodeId === node.nodeId).reduce((sum, [, value]) => sum + value, 0);
          const children = tree.children(node.nodeId).reduce((sum, child) => sum + (totals.get(child)?.sum ?? 0), 0);
          expect(totals.get(node.nodeId)?.sum).toBe(own + children);
        }
      }),
    );
  });
});
