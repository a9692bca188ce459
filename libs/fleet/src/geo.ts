/** Small-distance geometry on WGS 84: metre offsets around a point (equirectangular, fine at city scale). */
import { create } from '@bufbuild/protobuf';
import { GeoPointSchema } from '@trottoir/contracts';
import type { GeoPoint } from '@trottoir/contracts';

/** A position without the protobuf brand, for options and plain data. */
export interface LatLon {
  readonly latDeg: number;
  readonly lonDeg: number;
}

const METRES_PER_DEGREE = 111_320;

/** Rounded to 1e-6° (about 0.1 m): GeoJSON stays short and round-trips exactly. */
function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function geoPoint(latDeg: number, lonDeg: number): GeoPoint {
  return create(GeoPointSchema, { latDeg: round6(latDeg), lonDeg: round6(lonDeg) });
}

/** The point `northM` metres north and `eastM` metres east of `origin`. */
export function offsetMetres(origin: LatLon, northM: number, eastM: number): LatLon {
  const latDeg = origin.latDeg + northM / METRES_PER_DEGREE;
  const lonDeg = origin.lonDeg + eastM / (METRES_PER_DEGREE * Math.cos((origin.latDeg * Math.PI) / 180));
  return { latDeg, lonDeg };
}

export function distanceMetres(a: LatLon, b: LatLon): number {
  const northM = (b.latDeg - a.latDeg) * METRES_PER_DEGREE;
  const eastM = (b.lonDeg - a.lonDeg) * METRES_PER_DEGREE * Math.cos((((a.latDeg + b.latDeg) / 2) * Math.PI) / 180);
  return Math.hypot(northM, eastM);
}

export function isValidLatLon(point: LatLon): boolean {
  return Number.isFinite(point.latDeg) && Number.isFinite(point.lonDeg) && Math.abs(point.latDeg) <= 90 && Math.abs(point.lonDeg) <= 180;
}

/** The point halfway along a polyline. */
export function pathMidpoint(path: readonly GeoPoint[]): GeoPoint {
  const legs = path.slice(1).map((point, i) => distanceMetres(path[i], point));
  let remaining = legs.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < legs.length; i++) {
    if (remaining <= legs[i] && legs[i] > 0) {
      const f = remaining / legs[i];
      return geoPoint(path[i].latDeg + f * (path[i + 1].latDeg - path[i].latDeg), path[i].lonDeg + f * (path[i + 1].lonDeg - path[i].lonDeg));
    }
    remaining -= legs[i];
  }
  return path[0];
}

