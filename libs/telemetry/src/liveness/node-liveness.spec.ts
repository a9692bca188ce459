import fc from 'fast-check';

import { arbGrid, smallGrid } from '../node-state/grid.factory';
import { GridTree } from '@trottoir/kernel';
import type { SegmentLiveness } from './liveness';
import { livenessByNode } from './node-liveness';

describe('livenessByNode', () => {
  it('given one stale and one unknown segment, when counted, then each ancestor sees them', () => {
    const { nodes, segments } = smallGrid();
    const states = new Map<string, SegmentLiveness>([
      ['s1', 'online'],
      ['s2', 'stale'],
      ['s3', 'online'],
    ]);
    const { byNode, unattachedSegments } = livenessByNode(GridTree.of(nodes), segments, states);
    expect(byNode.get('LV1')).toEqual({ online: 1, stale: 1, offline: 0 });
    expect(byNode.get('SS1')).toEqual({ online: 2, stale: 1, offline: 0 });
    expect(byNode.get('LV3')).toEqual({ online: 0, stale: 0, offline: 1 });
    expect(byNode.get('PS')).toEqual({ online: 2, stale: 1, offline: 1 });
    expect(unattachedSegments).toBe(0);
  });

  it('every root counts each segment of its tree exactly once', () => {
    const state = fc.constantFrom<SegmentLiveness>('online', 'stale', 'offline');
    fc.assert(
      fc.property(arbGrid(), fc.array(state, { maxLength: 40 }), (grid, liveness) => {
        const states = new Map(grid.segments.map((segment, index) => [segment.segmentId, liveness[index] ?? 'offline'] as const));
        const { byNode } = livenessByNode(GridTree.of(grid.nodes), grid.segments, states);
        const roots = grid.nodes.filter((node) => node.parentId === '');
        const total = roots.reduce((sum, root) => {
          const counts = byNode.get(root.nodeId);
          return sum + (counts ? counts.online + counts.stale + counts.offline : 0);
        }, 0);
        expect(total).toBe(grid.segments.length);
      }),
    );
  });
});
