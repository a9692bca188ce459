/**
 * Ratings of one generated segment by kind, within the ranges of real solar road installations:
 * tiles of 120–150 Wp/m² laid flat (car-park canopies tilted 5–15° towards the south), LED street
 * lights, EV connectors (AC 7.4/22 kW, some DC 50–150 kW) and a few stationary batteries.
 */
import { DAY_MS } from '@trottoir/kernel';
import { create } from '@bufbuild/protobuf';
import {
  BatteryRatingSchema,
  EvConnectorSchema,
  EvCurrentType,
  LightingRatingSchema,
  PvRatingSchema,
  SegmentKind,
  SegmentSchema,
} from '@trottoir/contracts';
import type { EvConnector, Segment } from '@trottoir/contracts';

import { geoPoint, offsetMetres, pathMidpoint } from './geo';
import type { LatLon } from './geo';
import type { Prng } from '@trottoir/kernel';

/** The first solar road (Tourouvre-au-Perche) opened in December 2016; commissioning dates start there. */
const FIRST_COMMISSIONING_MS = Date.UTC(2016, 11, 22);
const LAST_COMMISSIONING_MS = Date.UTC(2025, 11, 31);

interface KindProfile {
  areaM2: [number, number];
  /** Paved width covered by tiles, m: the segment's length is its area over its width. */
  widthM: [number, number];
  lightSpacingM: number;
  lightW: [number, number];
  lightProbability: number;
  batteryProbability: number;
}

const PROFILES: Record<SegmentKind.URBAN_STREET | SegmentKind.RURAL_ROAD | SegmentKind.CAR_PARK, KindProfile> = {
  [SegmentKind.URBAN_STREET]: { areaM2: [20, 120], widthM: [2, 3.5], lightSpacingM: 25, lightW: [30, 80], lightProbability: 0.95, batteryProbability: 0.05 },
  [SegmentKind.RURAL_ROAD]: { areaM2: [60, 250], widthM: [3, 3.5], lightSpacingM: 40, lightW: [50, 100], lightProbability: 0.4, batteryProbability: 0.1 },
  [SegmentKind.CAR_PARK]: { areaM2: [100, 400], widthM: [5, 8], lightSpacingM: 20, lightW: [50, 100], lightProbability: 0.9, batteryProbability: 0.3 },
};

function evConnectors(kind: SegmentKind, rng: Prng): EvConnector[] {
  const powers: { powerW: number; current: EvCurrentType }[] = [];
  if (kind === SegmentKind.URBAN_STREET && rng.chance(0.15)) {
    for (let i = rng.int(1, 2); i > 0; i--) powers.push({ powerW: 7_400, current: EvCurrentType.AC });
  }
  if (kind === SegmentKind.CAR_PARK && rng.chance(0.6)) {
    for (let i = rng.int(2, 6); i > 0; i--) powers.push({ powerW: 22_000, current: EvCurrentType.AC });
  }
  if ((kind === SegmentKind.CAR_PARK && rng.chance(0.25)) || (kind === SegmentKind.RURAL_ROAD && rng.chance(0.05))) {
    powers.push({ powerW: rng.int(2, 6) * 25_000, current: EvCurrentType.DC });
  }
  return powers.map(({ powerW, current }, index) => create(EvConnectorSchema, { connectorId: String(index + 1), maxPowerW: powerW, current }));
}

export interface SegmentDraft {
  segmentId: string;
  gridNodeId: string;
  kind: SegmentKind;
  /** Where the segment starts; it runs in a random direction from there. */
  start: LatLon;
  /** The 14-digit connection point id (PRM). */
  connectionPointId: string;
}

export function makeSegment(draft: SegmentDraft, rng: Prng): Segment {
  const profile = PROFILES[draft.kind as keyof typeof PROFILES];
  const areaM2 = Math.round(rng.between(...profile.areaM2));
  const peakPowerW = Math.round(areaM2 * rng.between(120, 150));
  const lengthM = areaM2 / rng.between(...profile.widthM);
  const canopy = draft.kind === SegmentKind.CAR_PARK;
  // Streets follow a loose grid: mostly north–south or east–west, with some diagonal ones.
  const headingRad = rng.chance(0.7) ? (rng.int(0, 3) * Math.PI) / 2 + rng.between(-0.15, 0.15) : rng.between(0, 2 * Math.PI);
  const end = offsetMetres(draft.start, lengthM * Math.cos(headingRad), lengthM * Math.sin(headingRad));
  const path = [geoPoint(draft.start.latDeg, draft.start.lonDeg), geoPoint(end.latDeg, end.lonDeg)];
  const lights = rng.chance(profile.lightProbability) ? Math.max(1, Math.round(lengthM / profile.lightSpacingM)) : 0;
  const battery = rng.chance(profile.batteryProbability) ? Math.round(rng.between(10, canopy ? 200 : 60)) * 1_000 : 0;
  const days = Math.floor(rng.between(0, (LAST_COMMISSIONING_MS - FIRST_COMMISSIONING_MS) / DAY_MS));
  return create(SegmentSchema, {
    segmentId: draft.segmentId,
    gridNodeId: draft.gridNodeId,
    kind: draft.kind,
    location: pathMidpoint(path),
    path,
    commissionedAt: FIRST_COMMISSIONING_MS + days * DAY_MS,
    pv: create(PvRatingSchema, {
      areaM2,
      peakPowerW,
      tiltDeg: canopy ? rng.int(5, 15) : 0,
      azimuthDeg: canopy ? rng.int(150, 210) : 180,
      inverterLimitW: Math.round((peakPowerW * rng.between(0.8, 1)) / 100) * 100,
    }),
    lighting: create(LightingRatingSchema, {
      count: lights,
      ratedPowerWEach: lights === 0 ? 0 : rng.int(profile.lightW[0] / 5, profile.lightW[1] / 5) * 5,
      minDimmingPct: lights === 0 ? 0 : rng.int(2, 5) * 10,
    }),
    evConnectors: evConnectors(draft.kind, rng),
    ...(battery > 0
      ? {
          battery: create(BatteryRatingSchema, {
            capacityWh: battery,
            maxChargeW: Math.round(battery * 0.5),
            maxDischargeW: Math.round(battery * 0.5),
            socMinPct: 10,
            socMaxPct: 90,
          }),
        }
      : {}),
    connectionPointId: draft.connectionPointId,
  });
}

/** The most power the segment can draw or inject at once, W: what its feeder must carry. */
export function segmentPeakW(segment: Segment): number {
  const pv = segment.pv?.inverterLimitW ?? 0;
  const lights = (segment.lighting?.count ?? 0) * (segment.lighting?.ratedPowerWEach ?? 0);
  const ev = segment.evConnectors.reduce((sum, connector) => sum + connector.maxPowerW, 0);
  const battery = Math.max(segment.battery?.maxChargeW ?? 0, segment.battery?.maxDischargeW ?? 0);
  return Math.max(pv, lights + ev + battery);
}
