/**
 * The fleet as a GeoJSON FeatureCollection (RFC 7946, WGS 84, [lon, lat] order):
 * - a segment is a LineString feature (its path) whose properties are the segment's proto3 JSON
 *   mapping without location and path: segmentId, gridNodeId, kind, commissionedAt, connectionPointId,
 *   pv, lighting, evConnectors, battery;
 * - a grid node is a Point feature (the centre of the segments below it; the position is only for
 *   maps and is not stored) whose properties are nodeId, parentId, kind, ratedLimitW, dsoId and name.
 * The writer puts one feature per line, so that the reader's line numbers point at the feature.
 */
import { create } from '@bufbuild/protobuf';
import type { JsonValue } from '@bufbuild/protobuf';
import { fromJsonValue, GeoPointSchema, GridNodeSchema, SegmentSchema, toJsonValue } from '@trottoir/contracts';
import type { GeoPoint, GridNode, Segment } from '@trottoir/contracts';

import type { City } from './city.generator';
import type { FleetBatch } from './fleet-import';
import { geoPoint, pathMidpoint } from './geo';
import { GridTree } from '@trottoir/kernel';
import { featureLines } from './json-positions';

/** The file is not a GeoJSON FeatureCollection at all (as opposed to one bad feature). */
export class FleetFormatError extends Error {
  override readonly name = 'FleetFormatError';
}

interface Feature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: number[] } | { type: 'LineString'; coordinates: number[][] };
  properties: Record<string, JsonValue>;
}

export function segmentFeature(segment: Segment): Feature {
  const { location: _location, path: _path, ...properties } = toJsonValue(SegmentSchema, segment) as Record<string, JsonValue>;
  const points = segment.path.length >= 2 ? segment.path : segment.location ? [segment.location] : [];
  const geometry: Feature['geometry'] =
    points.length >= 2 ? { type: 'LineString', coordinates: points.map((p) => [p.lonDeg, p.latDeg]) } : { type: 'Point', coordinates: points.length ? [points[0].lonDeg, points[0].latDeg] : [] };
  return { type: 'Feature', geometry, properties };
}

export function gridNodeFeature(node: GridNode, position: GeoPoint | undefined): Feature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: position ? [position.lonDeg, position.latDeg] : [] }, properties: toJsonValue(GridNodeSchema, node) as Record<string, JsonValue> };
}

/** The centre of the segments below each node. */
function nodePositions(city: City): Map<string, GeoPoint> {
  const tree = new GridTree(city.gridNodes);
  const sums = new Map<string, { lat: number; lon: number; n: number }>();
  for (const segment of city.segments) {
    if (!segment.location) continue;
    for (const node of tree.ancestorsOf(segment.gridNodeId)) {
      const sum = sums.get(node.nodeId) ?? { lat: 0, lon: 0, n: 0 };
      sum.lat += segment.location.latDeg;
      sum.lon += segment.location.lonDeg;
      sum.n++;
      sums.set(node.nodeId, sum);
    }
  }
  return new Map([...sums].map(([id, sum]) => [id, geoPoint(sum.lat / sum.n, sum.lon / sum.n)]));
}

export function writeFleetGeoJson(city: City): string {
  const positions = nodePositions(city);
  const features = [...city.gridNodes.map((node) => gridNodeFeature(node, positions.get(node.nodeId))), ...city.segments.map(segmentFeature)];
  return `{"type":"FeatureCollection","features":[\n${features.map((feature) => JSON.stringify(feature)).join(',\n')}\n]}\n`;
}

function toPoint(coordinates: unknown): GeoPoint {
  if (!Array.isArray(coordinates) || coordinates.length < 2 || !coordinates.every((c) => typeof c === 'number')) {
    throw new Error(`a position must be [lon, lat], got ${JSON.stringify(coordinates)}`);
  }
  return create(GeoPointSchema, { lonDeg: coordinates[0], latDeg: coordinates[1] });
}

function readSegment(properties: Record<string, unknown>, geometry: { type?: unknown; coordinates?: unknown } | null): Segment {
  const segment = fromJsonValue(SegmentSchema, properties);
  if (geometry?.type === 'LineString' && Array.isArray(geometry.coordinates)) {
    segment.path = geometry.coordinates.map(toPoint);
    if (segment.path.length >= 2) segment.location = pathMidpoint(segment.path);
  } else if (geometry?.type === 'Point') {
    segment.location = toPoint(geometry.coordinates);
  } else {
    throw new Error('a segment needs a LineString (or Point) geometry');
  }
  return segment;
}

export function readFleetGeoJson(text: string): FleetBatch {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FleetFormatError(`not JSON: ${(error as Error).message}`);
  }
  const features = (document as { type?: unknown; features?: unknown } | null)?.features;
  if ((document as { type?: unknown } | null)?.type !== 'FeatureCollection' || !Array.isArray(features)) {
    throw new FleetFormatError('not a GeoJSON FeatureCollection (expected {"type":"FeatureCollection","features":[…]})');
  }
  const lines = featureLines(text);
  const batch: FleetBatch = { gridNodes: [], segments: [], rejected: [] };
  features.forEach((feature: unknown, index) => {
    const at = { line: lines[index] ?? 1, feature: index };
    const properties = (feature as { properties?: unknown } | null)?.properties as Record<string, unknown> | null | undefined;
    const id = typeof properties?.segmentId === 'string' ? properties.segmentId : typeof properties?.nodeId === 'string' ? properties.nodeId : '';
    try {
      if (typeof properties !== 'object' || properties === null) throw new Error('feature has no properties');
      const geometry = (feature as { geometry?: { type?: unknown; coordinates?: unknown } | null }).geometry ?? null;
      if ('segmentId' in properties) batch.segments.push({ record: readSegment(properties, geometry), at });
      else if ('nodeId' in properties) batch.gridNodes.push({ record: fromJsonValue(GridNodeSchema, properties), at });
      else throw new Error('properties have neither segmentId nor nodeId');
    } catch (error) {
      batch.rejected.push({ at, id, reason: (error as Error).message });
    }
  });
  return batch;
}
