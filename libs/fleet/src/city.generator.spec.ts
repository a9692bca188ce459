/** The generated city is a consistent grid tree with plausible, unique, deterministic segments. */
import { GridNodeKind } from '@trottoir/contracts';
import fc from 'fast-check';

import { generateCity } from './city.generator';
import { validateFleet } from './fleet-import';
import { GridTree } from '@trottoir/kernel';

const located = <T>(records: T[]) => records.map((record, i) => ({ record, at: { line: i + 1 } }));

describe('generateCity', () => {
  it('builds a consistent tree for any size and seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer(), (segments, seed) => {
        const city = generateCity({ segments, seed });
        const tree = new GridTree(city.gridNodes);
        expect(city.segments).toHaveLength(segments);
        expect(tree.size).toBe(city.gridNodes.length);
        expect(new Set(city.segments.map((s) => s.segmentId)).size).toBe(segments);
        expect(new Set(city.segments.map((s) => s.connectionPointId)).size).toBe(segments);
        for (const node of city.gridNodes) {
          expect(node.ratedLimitW).toBeGreaterThan(0);
          const parent = tree.node(node.parentId);
          if (node.kind === GridNodeKind.PRIMARY_SUBSTATION) expect(node.parentId).toBe('');
          else {
            expect(parent?.kind).toBe(node.kind - 1);
            expect(node.ratedLimitW).toBeLessThanOrEqual(parent!.ratedLimitW);
          }
        }
        for (const segment of city.segments) expect(tree.node(segment.gridNodeId)?.kind).toBe(GridNodeKind.LV_FEEDER);
        // Every LV feeder has at least one segment: no empty branches.
        const fed = new Set(city.segments.map((s) => s.gridNodeId));
        expect(city.gridNodes.filter((n) => n.kind === GridNodeKind.LV_FEEDER).every((n) => fed.has(n.nodeId))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('passes its own import validation', () => {
    const city = generateCity({ segments: 500, seed: 3 });
    const result = validateFleet({ gridNodes: located(city.gridNodes), segments: located(city.segments), rejected: [] });
    expect(result.rejected).toEqual([]);
    expect(result.segments).toHaveLength(500);
  });

  it('gives the same city for the same seed and another for another seed', () => {
    const a = generateCity({ segments: 300, seed: 42 });
    expect(generateCity({ segments: 300, seed: 42 })).toEqual(a);
    expect(generateCity({ segments: 300, seed: 43 })).not.toEqual(a);
  });

  it('uses the French fan-outs at city scale and lays the city around its centre', () => {
    const center = { latDeg: 48.8566, lonDeg: 2.3522 };
    const city = generateCity({ segments: 30_000, seed: 1, center, cityName: 'Paris' });
    const tree = new GridTree(city.gridNodes);
    const primaries = city.gridNodes.filter((n) => n.kind === GridNodeKind.PRIMARY_SUBSTATION);
    expect(primaries).toHaveLength(2);
    for (const node of city.gridNodes.filter((n) => n.kind !== GridNodeKind.LV_FEEDER)) {
      const fanOut = tree.children(node.nodeId).length;
      const [min, max] = { 1: [6, 12], 2: [10, 30], 3: [2, 6] }[node.kind as 1 | 2 | 3];
      expect(fanOut).toBeGreaterThanOrEqual(min);
      expect(fanOut).toBeLessThanOrEqual(max);
    }
    for (const segment of city.segments) {
      expect(Math.abs(segment.location!.latDeg - center.latDeg)).toBeLessThan(0.1);
      expect(Math.abs(segment.location!.lonDeg - center.lonDeg)).toBeLessThan(0.15);
      const perM2 = segment.pv!.peakPowerW / segment.pv!.areaM2;
      expect(perM2).toBeGreaterThanOrEqual(119);
      expect(perM2).toBeLessThanOrEqual(151);
      expect(segment.path).toHaveLength(2);
    }
    expect(primaries[0].name).toBe('Poste source Paris Centre');
  });

  it('prefixes every id when asked to', () => {
    const city = generateCity({ segments: 20, seed: 5, idPrefix: 'lyon-' });
    expect([...city.gridNodes.map((n) => n.nodeId), ...city.segments.map((s) => s.segmentId)].every((id) => id.startsWith('lyon-'))).toBe(true);
    expect(city.segments.every((s) => s.gridNodeId.startsWith('lyon-'))).toBe(true);
  });

  it('refuses a size that is not a whole positive number', () => {
    expect(() => generateCity({ segments: 0, seed: 1 })).toThrow(RangeError);
  });
});
