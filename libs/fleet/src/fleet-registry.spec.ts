/** The in-memory registry: lookups, subtree listing, and records that wait for their parent or grid node. */
import { GridNodeKind } from '@trottoir/contracts';
import { segmentRatingsOf } from '@trottoir/flexibility';

import { generateCity } from './city.generator';
import { FleetRegistry } from './fleet-registry';

describe('FleetRegistry', () => {
  const city = generateCity({ segments: 40, seed: 9 });

  it('holds records back until what they hang from has arrived, parents first', () => {
    const registry = new FleetRegistry();
    expect(registry.readySegments(city.segments)).toEqual([]);
    const lvFeeders = city.gridNodes.filter((node) => node.kind === GridNodeKind.LV_FEEDER);
    expect(registry.readyGridNodes(lvFeeders)).toEqual([]);
    expect(registry.waiting).toEqual({ gridNodes: lvFeeders.length, segments: 40 });

    const ready = registry.readyGridNodes([...city.gridNodes].reverse());
    expect(ready).toHaveLength(city.gridNodes.length);
    const position = new Map(ready.map((node, i) => [node.nodeId, i]));
    for (const node of ready) if (node.parentId !== '') expect(position.get(node.parentId)!).toBeLessThan(position.get(node.nodeId)!);
    registry.putGridNodes(ready);

    const segments = registry.readySegments([]);
    expect(segments).toHaveLength(40);
    registry.putSegments(segments);
    expect(registry.waiting).toEqual({ gridNodes: 0, segments: 0 });
    const { segmentId, gridNodeId, commissionedAt, pv } = city.segments[0];
    expect(registry.find(segmentId)).toEqual({ segmentId, gridNodeId, commissionedAt, pv: { peakPowerW: pv!.peakPowerW }, ratings: segmentRatingsOf(city.segments[0]) });
    expect(registry.all()).toHaveLength(40);
    expect(registry.segmentIdsUnder(city.gridNodes[0].nodeId)).toHaveLength(40);
    expect(registry.ancestorsOf(city.segments[0].gridNodeId).map((node) => node.kind)).toEqual([4, 3, 2, 1]);
  });

  it('moves a segment that changes grid node and keeps its listing current', () => {
    const registry = new FleetRegistry();
    registry.putGridNodes(city.gridNodes);
    registry.putSegments(city.segments);
    const lvFeeders = city.gridNodes.filter((node) => node.kind === GridNodeKind.LV_FEEDER);
    const segment = city.segments[0];
    const target = lvFeeders.find((node) => node.nodeId !== segment.gridNodeId)!;
    const before = registry.segmentIdsUnder(target.nodeId).length;
    const all = registry.all();
    registry.putSegments([{ ...segment, gridNodeId: target.nodeId }]);
    expect(registry.segmentIdsUnder(target.nodeId)).toHaveLength(before + 1);
    expect(registry.segmentIdsUnder(segment.gridNodeId)).not.toContain(segment.segmentId);
    expect(registry.all()).not.toBe(all);
    expect(registry.checkSegment({ ...segment, gridNodeId: city.gridNodes[0].nodeId })).toEqual([
      `grid node "${city.gridNodes[0].nodeId}" is a primary substation, segments hang from an LV feeder`,
    ]);
  });

  it('admits the ready records that pass validation against the registry and each other, and refuses the others with their reasons', () => {
    const registry = new FleetRegistry();
    const [primary, mvFeeder] = city.gridNodes;
    const overRated = { ...mvFeeder, ratedLimitW: primary.ratedLimitW * 2 };
    const below = city.gridNodes.filter((node) => node.parentId === mvFeeder.nodeId);
    expect(below.length).toBeGreaterThan(0);
    const { admitted, refused } = registry.admitGridNodes([...below, overRated, primary]);
    expect(admitted).toEqual([primary]);
    expect(refused).toEqual([
      { id: mvFeeder.nodeId, reasons: [`ratedLimitW ${overRated.ratedLimitW} exceeds its parent's ${primary.ratedLimitW}`] },
      ...below.map((node) => ({ id: node.nodeId, reasons: [`unknown parent "${mvFeeder.nodeId}"`] })),
    ]);
    expect(registry.waiting).toEqual({ gridNodes: 0, segments: 0 });

    registry.putGridNodes(city.gridNodes);
    const misplaced = { ...city.segments[1], gridNodeId: primary.nodeId };
    const segments = registry.admitSegments([city.segments[0], misplaced]);
    expect(segments.admitted).toEqual([city.segments[0]]);
    expect(segments.refused).toEqual([{ id: misplaced.segmentId, reasons: [`grid node "${primary.nodeId}" is a primary substation, segments hang from an LV feeder`] }]);
  });
});
