/**
 * Test factories for grids (specs only, not exported): a fixed four-level grid built from real
 * contract records, and fast-check arbitraries for random trees with segments hanging anywhere.
 */
import { create } from '@bufbuild/protobuf';
import type { GridNode, Segment } from '@trottoir/contracts';
import { GridNodeKind, GridNodeSchema, SegmentSchema } from '@trottoir/contracts';
import fc from 'fast-check';

export function gridNode(nodeId: string, parentId: string, kind: GridNodeKind): GridNode {
  return create(GridNodeSchema, { nodeId, parentId, kind, ratedLimitW: 250_000, dsoId: 'dso-1', name: nodeId });
}

export function segment(segmentId: string, gridNodeId: string): Segment {
  return create(SegmentSchema, { segmentId, gridNodeId, commissionedAt: Date.UTC(2025, 0, 1), pv: { peakPowerW: 3000, areaM2: 24 } });
}

/**
 * PS ─ MV1 ─ SS1 ─ LV1 (s1, s2)
 *            │     └ LV2 (s3)
 *            └ SS2 ─ LV3 (s4)
 */
export function smallGrid(): { nodes: GridNode[]; segments: Segment[] } {
  return {
    nodes: [
      gridNode('PS', '', GridNodeKind.PRIMARY_SUBSTATION),
      gridNode('MV1', 'PS', GridNodeKind.MV_FEEDER),
      gridNode('SS1', 'MV1', GridNodeKind.SECONDARY_SUBSTATION),
      gridNode('SS2', 'MV1', GridNodeKind.SECONDARY_SUBSTATION),
      gridNode('LV1', 'SS1', GridNodeKind.LV_FEEDER),
      gridNode('LV2', 'SS1', GridNodeKind.LV_FEEDER),
      gridNode('LV3', 'SS2', GridNodeKind.LV_FEEDER),
    ],
    segments: [segment('s1', 'LV1'), segment('s2', 'LV1'), segment('s3', 'LV2'), segment('s4', 'LV3')],
  };
}

export interface RandomGrid {
  nodes: { nodeId: string; parentId: string }[];
  segments: { segmentId: string; gridNodeId: string }[];
}

/** A forest of up to `maxNodes` nodes (each parent created before its children) and segments on any node. */
export function arbGrid(maxNodes = 20, maxSegments = 40): fc.Arbitrary<RandomGrid> {
  return fc
    .tuple(fc.array(fc.option(fc.nat(), { freq: 5 }), { minLength: 1, maxLength: maxNodes }), fc.array(fc.nat(), { maxLength: maxSegments }))
    .map(([parents, attachments]) => {
      const nodes = parents.map((parent, index) => ({
        nodeId: `n${index}`,
        parentId: index === 0 || parent === null ? '' : `n${parent % index}`,
      }));
      const segments = attachments.map((attachment, index) => ({ segmentId: `s${index}`, gridNodeId: `n${attachment % nodes.length}` }));
      return { nodes, segments };
    });
}
