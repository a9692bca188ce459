/**
 * Domain validation of one registry record (a grid node or a segment): the same rules for a file
 * import, a REST body and a record read from the compacted topics. Each rule that fails adds one
 * plain-language reason; an empty list means the record is valid.
 */
import { EvCurrentType, GridNodeKind, SegmentKind } from '@trottoir/contracts';
import type { GeoPoint, GridNode, Segment } from '@trottoir/contracts';

import { isValidLatLon } from './geo';
import { gridNodeKindLabel, parentKindOf } from './grid-node-kinds';

/** PV peak power per tile area outside this band is not a real module, W/m² (road tiles ≈ 120–150, best rooftop modules ≈ 230). */
export const PV_PEAK_W_PER_M2 = { min: 60, max: 250 } as const;
/** The strongest public DC chargers deliver 400 kW; more on one sidewalk connector is a unit error. */
const MAX_EV_CONNECTOR_W = 400_000;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Looks up an already-known grid node (registry, or earlier in the same file). */
export type NodeLookup = (nodeId: string) => GridNode | undefined;

export interface ValidationOptions {
  /**
   * What to do with a reference to a node the lookup does not know: 'reject' (default) or 'accept'
   * (the CLI leaves unknown references to the registry, which knows more).
   */
  unknownReferences?: 'reject' | 'accept';
}

function checkId(reasons: string[], field: string, value: string): void {
  if (value === '') reasons.push(`${field} is missing`);
  else if (!ID_PATTERN.test(value)) reasons.push(`${field} "${value}" must be 1–128 letters, digits or . _ : - (no spaces)`);
}

function checkNumber(reasons: string[], field: string, value: number, min: number, max = Number.POSITIVE_INFINITY, strictMin = false): void {
  if (!Number.isFinite(value)) reasons.push(`${field} must be a finite number, got ${value}`);
  else if (value < min || (strictMin && value === min)) reasons.push(`${field} must be ${strictMin ? '>' : '≥'} ${min}, got ${value}`);
  else if (value > max) reasons.push(`${field} must be ≤ ${max}, got ${value}`);
}

export function validateGridNode(node: GridNode, lookup: NodeLookup, options: ValidationOptions = {}): string[] {
  const reasons: string[] = [];
  checkId(reasons, 'nodeId', node.nodeId);
  if (node.kind === GridNodeKind.UNSPECIFIED || GridNodeKind[node.kind] === undefined) reasons.push('kind is missing or unknown');
  checkNumber(reasons, 'ratedLimitW', node.ratedLimitW, 0, Number.POSITIVE_INFINITY, true);
  if (node.dsoId.trim() === '') reasons.push('dsoId is missing');
  if (node.name.trim() === '') reasons.push('name is missing');
  const expectedParentKind = parentKindOf(node.kind);
  if (node.kind === GridNodeKind.PRIMARY_SUBSTATION && node.parentId !== '') reasons.push('a primary substation has no parent');
  if (expectedParentKind !== undefined) {
    const parent = node.parentId === '' ? undefined : lookup(node.parentId);
    if (node.parentId === '') reasons.push(`parentId is missing (a ${gridNodeKindLabel(node.kind)} hangs from a ${gridNodeKindLabel(expectedParentKind)})`);
    else if (node.parentId === node.nodeId) reasons.push('a node cannot be its own parent');
    else if (parent === undefined) {
      if (options.unknownReferences !== 'accept') reasons.push(`unknown parent "${node.parentId}"`);
    } else {
      if (parent.kind !== expectedParentKind) {
        reasons.push(`parent "${parent.nodeId}" is a ${gridNodeKindLabel(parent.kind)}, a ${gridNodeKindLabel(node.kind)} hangs from a ${gridNodeKindLabel(expectedParentKind)}`);
      }
      if (Number.isFinite(node.ratedLimitW) && node.ratedLimitW > parent.ratedLimitW) {
        reasons.push(`ratedLimitW ${node.ratedLimitW} exceeds its parent's ${parent.ratedLimitW}`);
      }
      if (node.dsoId !== '' && parent.dsoId !== node.dsoId) reasons.push(`dsoId "${node.dsoId}" differs from its parent's "${parent.dsoId}"`);
    }
  }
  return reasons;
}

function checkPoint(reasons: string[], field: string, point: GeoPoint | undefined): void {
  if (point === undefined) reasons.push(`${field} is missing`);
  else if (!isValidLatLon(point)) reasons.push(`${field} (${point.latDeg}, ${point.lonDeg}) is not a WGS 84 position`);
}

function validateRatings(reasons: string[], segment: Segment): void {
  const pv = segment.pv;
  if (pv === undefined) reasons.push('pv is missing');
  else {
    checkNumber(reasons, 'pv.areaM2', pv.areaM2, 0, 10_000, true);
    checkNumber(reasons, 'pv.peakPowerW', pv.peakPowerW, 0, Number.POSITIVE_INFINITY, true);
    checkNumber(reasons, 'pv.tiltDeg', pv.tiltDeg, 0, 90);
    checkNumber(reasons, 'pv.azimuthDeg', pv.azimuthDeg, 0, 360);
    checkNumber(reasons, 'pv.inverterLimitW', pv.inverterLimitW, 0, Number.POSITIVE_INFINITY, true);
    const perM2 = pv.peakPowerW / pv.areaM2;
    if (pv.areaM2 > 0 && pv.peakPowerW > 0 && (perM2 < PV_PEAK_W_PER_M2.min || perM2 > PV_PEAK_W_PER_M2.max)) {
      reasons.push(`pv.peakPowerW ${pv.peakPowerW} over ${pv.areaM2} m² is ${perM2.toFixed(0)} W/m², implausible (expected ${PV_PEAK_W_PER_M2.min}–${PV_PEAK_W_PER_M2.max})`);
    }
  }
  const lighting = segment.lighting;
  if (lighting !== undefined) {
    checkNumber(reasons, 'lighting.count', lighting.count, 0, 1_000);
    checkNumber(reasons, 'lighting.ratedPowerWEach', lighting.ratedPowerWEach, 0, 2_000);
    checkNumber(reasons, 'lighting.minDimmingPct', lighting.minDimmingPct, 0, 100);
  }
  const connectorIds = new Set<string>();
  segment.evConnectors.forEach((connector, i) => {
    if (connector.connectorId === '') reasons.push(`evConnectors[${i}].connectorId is missing`);
    else if (connectorIds.has(connector.connectorId)) reasons.push(`evConnectors[${i}].connectorId "${connector.connectorId}" is a duplicate`);
    connectorIds.add(connector.connectorId);
    checkNumber(reasons, `evConnectors[${i}].maxPowerW`, connector.maxPowerW, 0, MAX_EV_CONNECTOR_W, true);
    if (connector.current === EvCurrentType.UNSPECIFIED || EvCurrentType[connector.current] === undefined) reasons.push(`evConnectors[${i}].current is missing or unknown`);
  });
  const battery = segment.battery;
  if (battery !== undefined) {
    checkNumber(reasons, 'battery.capacityWh', battery.capacityWh, 0, Number.POSITIVE_INFINITY, true);
    checkNumber(reasons, 'battery.maxChargeW', battery.maxChargeW, 0);
    checkNumber(reasons, 'battery.maxDischargeW', battery.maxDischargeW, 0);
    checkNumber(reasons, 'battery.socMinPct', battery.socMinPct, 0, 100);
    checkNumber(reasons, 'battery.socMaxPct', battery.socMaxPct, 0, 100);
    if (battery.socMinPct >= battery.socMaxPct) reasons.push(`battery.socMinPct ${battery.socMinPct} must be below socMaxPct ${battery.socMaxPct}`);
  }
}

export function validateSegment(segment: Segment, lookup: NodeLookup, options: ValidationOptions = {}): string[] {
  const reasons: string[] = [];
  checkId(reasons, 'segmentId', segment.segmentId);
  if (segment.kind === SegmentKind.UNSPECIFIED || SegmentKind[segment.kind] === undefined) reasons.push('kind is missing or unknown');
  if (segment.gridNodeId === '') reasons.push('gridNodeId is missing');
  else {
    const node = lookup(segment.gridNodeId);
    if (node === undefined) {
      if (options.unknownReferences !== 'accept') reasons.push(`unknown grid node "${segment.gridNodeId}"`);
    } else if (node.kind !== GridNodeKind.LV_FEEDER) {
      reasons.push(`grid node "${node.nodeId}" is a ${gridNodeKindLabel(node.kind)}, segments hang from an LV feeder`);
    }
  }
  checkPoint(reasons, 'location', segment.location);
  if (segment.path.length === 1) reasons.push('path needs at least two points');
  segment.path.forEach((point, i) => checkPoint(reasons, `path[${i}]`, point));
  if (!Number.isInteger(segment.commissionedAt) || segment.commissionedAt <= 0) {
    reasons.push(`commissionedAt must be a positive whole number of epoch ms, got ${segment.commissionedAt}`);
  }
  if (segment.connectionPointId.trim() === '') reasons.push('connectionPointId is missing');
  validateRatings(reasons, segment);
  return reasons;
}
