/** Parent-before-child ordering: what is ready and in which order, what waits and why, for any order of arrival. */
import type { GridTreeNode } from '@trottoir/kernel';
import fc from 'fast-check';

import type { Placement } from './parents-first';
import { orderParentsFirst } from './parents-first';

const link = (nodeId: string, parentId = ''): GridTreeNode => ({ nodeId, parentId });
const order = (records: GridTreeNode[], known: readonly string[] = []) => orderParentsFirst(records, (record) => record, (nodeId) => known.includes(nodeId));
const summary = (placements: Placement<GridTreeNode>[]) => placements.map((p) => (p.status === 'ready' ? p.record.nodeId : `${p.record.nodeId} (${p.cause})`));

describe('orderParentsFirst', () => {
  it('given records already parents first, when ordered, then all are ready in the order given', () => {
    expect(summary(order([link('ps'), link('mv', 'ps'), link('ss', 'mv'), link('lv', 'ss'), link('mv2', 'ps')]))).toEqual(['ps', 'mv', 'ss', 'lv', 'mv2']);
  });

  it('given children before their parents, when ordered, then each comes after its parent, depth first', () => {
    expect(summary(order([link('lv', 'ss'), link('mv2', 'ps'), link('ss', 'mv'), link('mv', 'ps'), link('ps')]))).toEqual(['ps', 'mv', 'ss', 'lv', 'mv2']);
  });

  it('given a parent that is neither among the records nor known, then it and what hangs from it wait, until it is known', () => {
    const records = [link('ss', 'mv'), link('lv', 'ss'), link('other')];
    expect(summary(order(records))).toEqual(['ss (unknown parent)', 'lv (parent waiting)', 'other']);
    expect(summary(order(records, ['mv']))).toEqual(['ss', 'lv', 'other']);
  });

  it('given two records that are each other’s parent, then the one that closes the cycle says so and the other waits for it', () => {
    const records = [link('a', 'b'), link('b', 'a'), link('c', 'a')];
    expect(summary(order(records))).toEqual(['b (cycle)', 'a (parent waiting)', 'c (parent waiting)']);
    // A node already registered breaks the cycle: what hangs from it is ready.
    expect(summary(order(records, ['a']))).toEqual(['b', 'a', 'c']);
  });

  it('given a record that is its own parent, then it is ready: it waits for nothing and validation refuses it', () => {
    expect(summary(order([link('x', 'x')]))).toEqual(['x']);
  });

  it('given a record twice, then the later one replaces the earlier', () => {
    const placements = order([link('lv', 'ss-old'), link('ss'), link('lv', 'ss')]);
    expect(placements.map((p) => [p.record.nodeId, p.record.parentId, p.status])).toEqual([
      ['ss', '', 'ready'],
      ['lv', 'ss', 'ready'],
    ]);
  });

  it('for any forest in any order: ready exactly when the chain of parents reaches a root or a known node, and after its parent', () => {
    const forest = fc
      .array(fc.tuple(fc.nat(), fc.constantFrom('root', 'earlier', 'known', 'missing', 'any')), { minLength: 1, maxLength: 40 })
      .map((specs) =>
        specs.map(([pick, kind], i) => {
          const parentId = { root: '', earlier: i > 0 ? `n${pick % i}` : '', known: `known${pick % 3}`, missing: `missing${pick % 3}`, any: `n${pick % specs.length}` }[kind];
          return link(`n${i}`, parentId);
        }),
      )
      .chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length })));
    fc.assert(
      fc.property(forest, ([records, shuffled]) => {
        const known = ['known0', 'known1', 'known2'];
        const placements = order(shuffled, known);

        // The definition, worked out the slow way: passes until nothing more can be placed.
        const expectedReady = new Set<string>();
        for (let progress = true; progress; ) {
          progress = false;
          for (const { nodeId, parentId } of records) {
            if (expectedReady.has(nodeId)) continue;
            if (parentId === '' || parentId === nodeId || known.includes(parentId) || expectedReady.has(parentId)) {
              expectedReady.add(nodeId);
              progress = true;
            }
          }
        }
        expect(placements.map((p) => p.record.nodeId).sort()).toEqual(records.map((r) => r.nodeId).sort());
        const ready = placements.flatMap((p) => (p.status === 'ready' ? [p.record] : []));
        expect(new Set(ready.map((r) => r.nodeId))).toEqual(expectedReady);
        const position = new Map(ready.map((r, i) => [r.nodeId, i]));
        for (const { nodeId, parentId } of ready) if (position.has(parentId) && parentId !== nodeId) expect(position.get(parentId)).toBeLessThan(position.get(nodeId) as number);
      }),
    );
  });
});
