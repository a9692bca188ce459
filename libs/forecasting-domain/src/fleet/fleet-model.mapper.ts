/**
 * The registry (segments and grid nodes) as the models' flat fleet: one spec per segment, and per grid
 * node every segment below it. Each segment's commune policy is the one configured for its nearest
 * ancestor node in `policiesByNode`, or `defaultPolicy`.
 */
import type { GridNode, Segment } from '@trottoir/contracts';
import { GridTree } from '@trottoir/kernel';

import { evCapacityW } from '../ev/ev-habits';
import { DEFAULT_LIGHTING_POLICY } from '@trottoir/kernel';
import type { LightingPolicy } from '@trottoir/kernel';
import type { FleetModelInput, FleetSegmentSpec } from './fleet-model';

/** Where a segment without a location is assumed to be (it still gets a forecast, from its ratings). */
const FALLBACK_LOCATION = { latDeg: 45.76, lonDeg: 4.84 };

export interface FleetPolicies {
  readonly timeZone: string;
  readonly defaultPolicy?: Omit<LightingPolicy, 'timeZone'>;
  /** Grid node id → the policy of every segment below it (a commune). */
  readonly policiesByNode?: Readonly<Record<string, Omit<LightingPolicy, 'timeZone'>>>;
}

export function fleetModelInputOf(segments: readonly Segment[], gridNodes: readonly GridNode[], policies: FleetPolicies): FleetModelInput {
  const { timeZone } = policies;
  const tree = new GridTree(gridNodes);
  const policyList: LightingPolicy[] = [{ ...(policies.defaultPolicy ?? DEFAULT_LIGHTING_POLICY), timeZone }];
  const policyIndexOfNode = new Map<string, number>();
  for (const [nodeId, policy] of Object.entries(policies.policiesByNode ?? {})) {
    policyIndexOfNode.set(nodeId, policyList.length);
    policyList.push({ ...policy, timeZone });
  }
  const below = new Map<string, string[]>();
  const specs = segments.map((segment): FleetSegmentSpec => {
    const ancestors = tree.ancestorsOf(segment.gridNodeId).map((node) => node.nodeId);
    const chain = ancestors.length > 0 ? ancestors : [segment.gridNodeId];
    for (const nodeId of chain) {
      const list = below.get(nodeId);
      if (list) list.push(segment.segmentId);
      else below.set(nodeId, [segment.segmentId]);
    }
    const policyIndex = chain.map((nodeId) => policyIndexOfNode.get(nodeId)).find((index) => index !== undefined) ?? 0;
    return segmentSpec(segment, policyIndex);
  });
  const nodeIds = new Set([...gridNodes.map((node) => node.nodeId), ...below.keys()]);
  return { segments: specs, nodes: [...nodeIds].map((nodeId) => ({ nodeId, segmentIds: below.get(nodeId) ?? [] })), policies: policyList, timeZone };
}

function segmentSpec(segment: Segment, policyIndex: number): FleetSegmentSpec {
  const peakPowerW = segment.pv?.peakPowerW ?? 0;
  return {
    segmentId: segment.segmentId,
    gridNodeId: segment.gridNodeId,
    nodeId: segment.gridNodeId,
    latDeg: segment.location?.latDeg ?? FALLBACK_LOCATION.latDeg,
    lonDeg: segment.location?.lonDeg ?? FALLBACK_LOCATION.lonDeg,
    elevationM: 0,
    tiltDeg: segment.pv?.tiltDeg ?? 0,
    azimuthDeg: segment.pv?.azimuthDeg ?? 180,
    peakPowerW,
    inverterLimitW: segment.pv?.inverterLimitW || peakPowerW,
    lightsRatedW: (segment.lighting?.count ?? 0) * (segment.lighting?.ratedPowerWEach ?? 0),
    lightsMinDimmingPct: segment.lighting?.minDimmingPct ?? 0,
    policyIndex,
    evCapacityW: evCapacityW(segment.evConnectors),
    evConnectors: segment.evConnectors.length,
  };
}
