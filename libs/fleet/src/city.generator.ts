/**
 * A seeded, plausible city for tests, demos and the simulator: a French-style distribution grid
 * (primary substations → 20 kV MV feeders → MV/LV substations → 400 V LV feeders) with solar sidewalk
 * segments hanging from the LV feeders, laid out around a centre. The same options give the same city.
 *
 * Fan-outs: 6–12 MV feeders per primary, 10–30 substations per MV feeder, 2–6 LV feeders per
 * substation, a few segments per LV feeder, one primary per started 25,000 segments. Small cities use
 * the lower bounds (and fewer children when there are not enough segments to go round). Rated limits
 * are standard sizes chosen bottom-up, so a child's limit never exceeds its parent's.
 */
import { create } from '@bufbuild/protobuf';
import { GridNodeKind, GridNodeSchema, SegmentKind } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';

import { distanceMetres, offsetMetres } from './geo';
import type { LatLon } from './geo';
import { Prng } from '@trottoir/kernel';
import { makeSegment, segmentPeakW } from './segment.factory';

export interface CityOptions {
  /** Number of segments, ≥ 1. */
  segments: number;
  seed: number;
  /** Centre of the city; default Lyon (Place Bellecour). */
  center?: LatLon;
  /** Used in substation names; default "Lyon". */
  cityName?: string;
  /** Distribution system operator owning every node; default "enedis". */
  dsoId?: string;
  /** Put before every node and segment id, to keep several cities apart in one registry; default none. */
  idPrefix?: string;
}

export interface City {
  /** Parents before their children. */
  gridNodes: GridNode[];
  segments: Segment[];
}

export const DEFAULT_CITY_CENTER: LatLon = { latDeg: 45.757813, lonDeg: 4.832011 };
const SEGMENTS_PER_PRIMARY = 25_000;
/** Urban density of equipped segments, per km²: sets the city's radius. */
const SEGMENTS_PER_KM2 = 1_500;

interface Level {
  kind: GridNodeKind;
  tag: string;
  fanOut: [number, number];
  /** Segments a child of this level ideally holds, before clamping the fan-out to its range. */
  idealChildSize: number;
  /** The fewest segments a child of this level may hold. */
  minChildSize: number;
  /** Standard ratings, W, smallest first. */
  sizesW: number[];
  /** Share of the children's summed limits the node must carry (diversity). */
  diversity: number;
}

const LEVELS: Level[] = [
  { kind: GridNodeKind.MV_FEEDER, tag: 'mv', fanOut: [6, 12], idealChildSize: 2_500, minChildSize: 40, sizesW: [4e6, 6e6, 8e6, 10e6, 12e6], diversity: 0.5 },
  { kind: GridNodeKind.SECONDARY_SUBSTATION, tag: 'ss', fanOut: [10, 30], idealChildSize: 120, minChildSize: 4, sizesW: [160e3, 250e3, 400e3, 630e3, 1e6, 1.25e6, 1.6e6], diversity: 0.6 },
  { kind: GridNodeKind.LV_FEEDER, tag: 'lv', fanOut: [2, 6], idealChildSize: 6, minChildSize: 2, sizesW: [100e3, 150e3, 200e3, 250e3, 400e3], diversity: 0.7 },
];
const PRIMARY_SIZES_W = [20e6, 36e6, 40e6, 72e6, 80e6];
const PRIMARY_SUFFIXES = ['Centre', 'Nord', 'Sud', 'Est', 'Ouest', 'Confluence', 'Vaise', 'Gerland', 'Part-Dieu', 'Croix-Rousse'];
const STREETS = [
  'rue Victor-Hugo', 'rue de la République', 'avenue Jean-Jaurès', 'rue Pasteur', 'boulevard des Belges', 'rue Garibaldi',
  'cours Lafayette', 'rue Paul-Bert', 'avenue Berthelot', 'quai Claude-Bernard', 'rue Duguesclin', 'rue Marietton',
  'place Carnot', 'rue Tronchet', 'avenue Félix-Faure', 'rue de Créqui', 'rue Vendôme', 'cours Gambetta',
];

function ratingFor(sizesW: number[], maxChildW: number, sumChildrenW: number, diversity: number): number {
  const needW = Math.max(maxChildW, sumChildrenW * diversity);
  const standard = sizesW.find((size) => size >= needW);
  if (standard !== undefined) return standard;
  const stepW = sizesW[0] / 4;
  return Math.ceil(needW / stepW) * stepW;
}

/** Splits `total` into `parts` random shares of at least `min` each (parts × min ≤ total). */
function split(total: number, parts: number, min: number, rng: Prng): number[] {
  const weights = Array.from({ length: parts }, () => rng.between(0.5, 1.5));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const spare = total - parts * min;
  const shares = weights.map((weight) => min + Math.floor((spare * weight) / weightSum));
  for (let left = total - shares.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i = (i + 1) % parts) shares[i]++;
  return shares;
}

function fanOut(level: Level, segments: number, rng: Prng): number {
  const wanted = Math.round((segments / level.idealChildSize) * rng.between(0.8, 1.2));
  const clamped = Math.min(level.fanOut[1], Math.max(level.fanOut[0], wanted));
  return Math.max(1, Math.min(clamped, Math.floor(segments / level.minChildSize)));
}

function randomInDisc(center: LatLon, radiusM: number, rng: Prng): LatLon {
  const r = radiusM * Math.sqrt(rng.next());
  const angle = rng.between(0, 2 * Math.PI);
  return offsetMetres(center, r * Math.cos(angle), r * Math.sin(angle));
}

export function generateCity(options: CityOptions): City {
  if (!Number.isInteger(options.segments) || options.segments < 1) throw new RangeError(`segments must be a whole number ≥ 1, got ${options.segments}`);
  const rng = Prng.fromSeed(options.seed);
  const center = options.center ?? DEFAULT_CITY_CENTER;
  const cityName = options.cityName ?? 'Lyon';
  const dsoId = options.dsoId ?? 'enedis';
  const idPrefix = options.idPrefix ?? '';
  const cityRadiusM = Math.max(800, 1000 * Math.sqrt(options.segments / (Math.PI * SEGMENTS_PER_KM2)));
  const prmPrefix = `1${String(Math.abs(Math.trunc(options.seed)) % 1000).padStart(3, '0')}`;
  const segmentIdWidth = Math.max(6, String(options.segments).length);
  const gridNodes: GridNode[] = [];
  const segments: Segment[] = [];

  const segmentKindAt = (point: LatLon): SegmentKind => {
    const ring = distanceMetres(center, point) / cityRadiusM;
    if (rng.chance(0.1)) return SegmentKind.CAR_PARK;
    return rng.chance(Math.min(0.6, Math.max(0, (ring - 0.6) * 1.5))) ? SegmentKind.RURAL_ROAD : SegmentKind.URBAN_STREET;
  };

  const addSegments = (lvFeederId: string, count: number, place: LatLon, radiusM: number): number[] =>
    Array.from({ length: count }, () => {
      const index = segments.length + 1;
      const start = randomInDisc(place, Math.max(30, radiusM), rng);
      const segment = makeSegment(
        {
          segmentId: `${idPrefix}seg-${String(index).padStart(segmentIdWidth, '0')}`,
          gridNodeId: lvFeederId,
          kind: segmentKindAt(start),
          start,
          connectionPointId: `${prmPrefix}${String(index).padStart(10, '0')}`,
        },
        rng,
      );
      segments.push(segment);
      return segmentPeakW(segment);
    });

  /** Builds one node and its subtree; returns the node's rated limit. */
  const build = (depth: number, id: string, parentId: string, name: string, count: number, place: LatLon, radiusM: number): number => {
    const slot = gridNodes.length;
    gridNodes.push(undefined as unknown as GridNode);
    const level = LEVELS[depth - 1] as Level | undefined;
    const below = LEVELS[depth] as Level | undefined;
    let childLimitsW: number[];
    if (below === undefined) {
      childLimitsW = addSegments(id, count, place, radiusM);
    } else {
      const children = fanOut(below, count, rng);
      const shares = split(count, children, Math.min(below.minChildSize, Math.floor(count / children)), rng);
      const childRadiusM = (radiusM / Math.sqrt(shares.length)) * 1.1;
      childLimitsW = shares.map((share, k) => {
        const childId = `${id}-${below.tag}${String(k + 1).padStart(2, '0')}`;
        const childName =
          below.kind === GridNodeKind.SECONDARY_SUBSTATION ? `Poste HTA/BT ${rng.int(1, 180)} ${rng.pick(STREETS)}` : `${name} – départ ${below.kind === GridNodeKind.MV_FEEDER ? 'HTA' : 'BT'} ${k + 1}`;
        return build(depth + 1, childId, id, childName, share, randomInDisc(place, radiusM * 0.8, rng), childRadiusM);
      });
    }
    const sizesW = level?.sizesW ?? PRIMARY_SIZES_W;
    const ratedLimitW = ratingFor(sizesW, Math.max(...childLimitsW), childLimitsW.reduce((a, b) => a + b, 0), level?.diversity ?? 0.5);
    const kind = level?.kind ?? GridNodeKind.PRIMARY_SUBSTATION;
    gridNodes[slot] = create(GridNodeSchema, { nodeId: id, parentId, kind, ratedLimitW, dsoId, name });
    return ratedLimitW;
  };

  const primaries = Math.ceil(options.segments / SEGMENTS_PER_PRIMARY);
  split(options.segments, primaries, 1, rng).forEach((share, p) => {
    const suffix = PRIMARY_SUFFIXES[p % PRIMARY_SUFFIXES.length] + (p >= PRIMARY_SUFFIXES.length ? ` ${Math.floor(p / PRIMARY_SUFFIXES.length) + 1}` : '');
    const place = primaries === 1 ? center : randomInDisc(center, cityRadiusM * 0.7, rng);
    build(0, `${idPrefix}ps${String(p + 1).padStart(2, '0')}`, '', `Poste source ${cityName} ${suffix}`, share, place, cityRadiusM / Math.sqrt(primaries));
  });
  return { gridNodes, segments };
}
