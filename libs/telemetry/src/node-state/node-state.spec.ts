import fc from 'fast-check';

import type { SegmentLiveness } from '../liveness/liveness';
import { arbGrid, smallGrid } from './grid.factory';
import { GridTree } from '@trottoir/kernel';
import type { NodeState, SegmentInterval } from './node-state';
import { computeNodeStates } from './node-state';

const intervalStartTs = Date.UTC(2026, 5, 1, 12, 0);
const computedAtTs = intervalStartTs + 70_000;

function statesById(states: readonly NodeState[]): Map<string, NodeState> {
  return new Map(states.map((state) => [state.nodeId, state]));
}

describe('computeNodeStates', () => {
  const { nodes, segments } = smallGrid();
  const tree = GridTree.of(nodes);
  // s1 exports (PV 1000, net −700: load 300), s2 imports at night (net 250), s3 charges an EV, s4 silent.
  const intervals: SegmentInterval[] = [
    { segmentId: 's1', pvPowerW: 1000, netPowerW: -700 },
    { segmentId: 's2', pvPowerW: 0, netPowerW: 250 },
    { segmentId: 's3', pvPowerW: 400, netPowerW: 7000 },
  ];
  const liveness = new Map<string, SegmentLiveness>([
    ['s1', 'online'],
    ['s2', 'online'],
    ['s3', 'online'],
    ['s4', 'stale'],
  ]);
  const result = computeNodeStates({ tree, segments, intervals, liveness, intervalStartTs, intervalMs: 60_000, computedAtTs });
  const byId = statesById(result.states);

  it('given a minute of readings, when aggregated, then every node of every level gets a state', () => {
    expect([...byId.keys()].sort()).toEqual(['LV1', 'LV2', 'LV3', 'MV1', 'PS', 'SS1', 'SS2']);
  });

  it('given two segments on one LV feeder, when aggregated, then the feeder sums them and load = net + pv', () => {
    expect(byId.get('LV1')).toEqual({
      nodeId: 'LV1',
      intervalStartTs,
      intervalMs: 60_000,
      pvPowerW: 1000,
      loadPowerW: 550,
      netPowerW: -450,
      segmentsReporting: 2,
      segmentsStale: 0,
      segmentsOffline: 0,
      segmentsTotal: 2,
      flexUpW: 0,
      flexDownW: 0,
      computedAtTs,
    });
  });

  it('given segments with their ratings, when aggregated, then the flexibility of the online ones that reported adds up the tree', () => {
    const battery = { capacityWh: 10_000, maxChargeW: 3_000, maxDischargeW: 3_000, socMinPct: 10, socMaxPct: 90 };
    const rated = (segmentId: string) => ({ segmentId, pvPeakW: 2_000, pvInverterLimitW: 2_000, lightsRatedW: 400, lightsMinDimmingPct: 25, evMaxW: 22_000, battery });
    const withRatings = segments.map((segment) => ({ ...segment, ratings: rated(segment.segmentId) }));
    const devices: SegmentInterval[] = [
      // Up: 1000 W of PV + 3000 W of charging; down: 3000 W of discharging.
      { segmentId: 's1', pvPowerW: 1000, netPowerW: -1000, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0, batterySocPct: 50 },
      // Lights at 400 W above a 100 W minimum, an EV at 7 kW: down 300 + 7000 (the battery is full and empty of SoC: not reported).
      { segmentId: 's2', pvPowerW: 0, netPowerW: 7400, lightsPowerW: 400, evPowerW: 7000, batteryPowerW: 0 },
      // s4 reported but is stale: it counts for nothing.
      { segmentId: 's4', pvPowerW: 500, netPowerW: -500, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0, batterySocPct: 50 },
    ];
    const flex = statesById(computeNodeStates({ tree, segments: withRatings, intervals: devices, liveness, intervalStartTs, intervalMs: 60_000, computedAtTs }).states);
    expect(flex.get('LV1')).toMatchObject({ flexUpW: 4_000, flexDownW: 3_000 + 300 + 7_000 });
    expect(flex.get('LV3')).toMatchObject({ flexUpW: 0, flexDownW: 0 });
    expect(flex.get('PS')).toMatchObject({ flexUpW: 4_000, flexDownW: 10_300 });
  });

  it('given a silent stale segment, when aggregated, then it adds no power but is counted stale up to the root', () => {
    expect(byId.get('LV3')).toMatchObject({ pvPowerW: 0, netPowerW: 0, segmentsReporting: 0, segmentsStale: 1, segmentsTotal: 1 });
    expect(byId.get('PS')).toMatchObject({ pvPowerW: 1400, netPowerW: 6550, loadPowerW: 7950, segmentsReporting: 3, segmentsStale: 1, segmentsTotal: 4 });
  });

  it('given readings of a segment the registry does not know, when aggregated, then they are ignored', () => {
    const withStranger = computeNodeStates({
      tree,
      segments,
      intervals: [...intervals, { segmentId: 'stranger', pvPowerW: 99, netPowerW: 99 }],
      liveness,
      intervalStartTs,
      intervalMs: 60_000,
      computedAtTs,
    });
    expect(statesById(withStranger.states).get('PS')?.pvPowerW).toBe(1400);
  });

  it('given a segment on an unknown grid node, when aggregated, then it is reported as unattached', () => {
    const orphan = computeNodeStates({ tree, segments: [{ segmentId: 'x', gridNodeId: 'LV404' }], intervals: [], liveness, intervalStartTs, intervalMs: 60_000, computedAtTs });
    expect(orphan.unattachedSegments).toBe(1);
  });

  it("a parent's sums equal its own segments' plus its children's sums, and load = net + pv everywhere", () => {
    const power = fc.double({ min: -50_000, max: 50_000, noNaN: true });
    const reading = fc.option(fc.record({ pv: fc.double({ min: 0, max: 20_000, noNaN: true }), net: power }));
    fc.assert(
      fc.property(arbGrid(), fc.array(reading, { maxLength: 40 }), (grid, readings) => {
        const tree = GridTree.of(grid.nodes);
        const minutes = grid.segments.flatMap((segment, index) => {
          const r = readings[index];
          return r ? [{ segmentId: segment.segmentId, pvPowerW: r.pv, netPowerW: r.net }] : [];
        });
        const { states } = computeNodeStates({ tree, segments: grid.segments, intervals: minutes, liveness: new Map(), intervalStartTs, intervalMs: 60_000, computedAtTs });
        const byNode = statesById(states);
        for (const node of grid.nodes) {
          const own = grid.segments.filter((segment) => segment.gridNodeId === node.nodeId).map((segment) => minutes.find((m) => m.segmentId === segment.segmentId));
          const children = tree.childIds(node.nodeId).map((child) => byNode.get(child) as NodeState);
          const state = byNode.get(node.nodeId) as NodeState;
          const expectedPv = own.reduce((sum, m) => sum + (m?.pvPowerW ?? 0), 0) + children.reduce((sum, c) => sum + c.pvPowerW, 0);
          const expectedNet = own.reduce((sum, m) => sum + (m?.netPowerW ?? 0), 0) + children.reduce((sum, c) => sum + c.netPowerW, 0);
          expect(state.pvPowerW).toBeCloseTo(expectedPv, 3);
          expect(state.netPowerW).toBeCloseTo(expectedNet, 3);
          expect(state.loadPowerW).toBeCloseTo(state.netPowerW + state.pvPowerW, 6);
          expect(state.segmentsReporting).toBe(own.filter(Boolean).length + children.reduce((sum, c) => sum + c.segmentsReporting, 0));
          expect(state.segmentsTotal).toBe(own.length + children.reduce((sum, c) => sum + c.segmentsTotal, 0));
        }
      }),
    );
  });
});
