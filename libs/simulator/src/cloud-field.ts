/**
 * Clouds over the city: Gaussian cloud blobs that are born, drift with the wind across the city's
 * bounding box and fade, over an overcast layer that thickens with the day's cloud cover. The result
 * is a clear-sky index (measured ÷ clear-sky irradiance, 0.1–1) that is spatially correlated (nearby
 * segments see the same cloud) and moves: a shadow crosses the city feeder by feeder.
 *
 * Blobs are drawn per hour of birth from their own seeded stream, so the field at any instant is a pure
 * function of the seed and that instant. A step samples it once on a coarse grid (`sample`), and each
 * segment reads its value by bilinear interpolation: the cost per segment is a few multiplications.
 */
import type { CityWeather } from './city-weather';
import { HOUR_MS, streamOf } from '@trottoir/kernel';

export interface BoundingBox {
  minLatDeg: number;
  maxLatDeg: number;
  minLonDeg: number;
  maxLonDeg: number;
}

interface CloudBlob {
  bornTs: number;
  lifeMs: number;
  x0Km: number;
  y0Km: number;
  vxKmPerMs: number;
  vyKmPerMs: number;
  twoSigmaSqKm2: number;
  opacity: number;
}

/** Where a location sits on the sampling grid: its cell and its position inside it. */
export interface GridPosition {
  cell: number;
  fx: number;
  fy: number;
}

export const MIN_CLEAR_SKY_INDEX = 0.1;
const MAX_LIFE_HOURS = 3;
const KM_PER_DEG_LAT = 110.57;

export interface CloudFieldOptions {
  seed: number;
  bbox: BoundingBox;
  weather: CityWeather;
  /** Samples per side of the grid (default 16). */
  gridSize?: number;
}

export class CloudField {
  readonly gridSize: number;
  private readonly hours = new Map<number, CloudBlob[]>();
  private readonly lat0: number;
  private readonly lon0: number;
  private readonly kmPerDegLon: number;
  private readonly widthKm: number;
  private readonly heightKm: number;

  constructor(private readonly options: CloudFieldOptions) {
    const { bbox } = options;
    this.gridSize = Math.max(2, options.gridSize ?? 16);
    this.lat0 = bbox.minLatDeg;
    this.lon0 = bbox.minLonDeg;
    this.kmPerDegLon = 111.32 * Math.cos((((bbox.minLatDeg + bbox.maxLatDeg) / 2) * Math.PI) / 180);
    // A city of one street still gets a grid a kilometre wide, so that the interpolation is defined.
    this.widthKm = Math.max(1, (bbox.maxLonDeg - bbox.minLonDeg) * this.kmPerDegLon);
    this.heightKm = Math.max(1, (bbox.maxLatDeg - bbox.minLatDeg) * KM_PER_DEG_LAT);
  }

  /** The clear-sky index at one place and instant, 0.1–1. */
  clearSkyIndex(ts: number, latDeg: number, lonDeg: number): number {
    return this.indexAtKm(ts, this.overcastTransmittance(ts), this.activeBlobs(ts), (lonDeg - this.lon0) * this.kmPerDegLon, (latDeg - this.lat0) * KM_PER_DEG_LAT);
  }

  /** The index sampled on the grid at `ts`; read it per location with `valueAt`. */
  sample(ts: number): Float64Array {
    const blobs = this.activeBlobs(ts);
    const overcast = this.overcastTransmittance(ts);
    const n = this.gridSize;
    const values = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) values[j * n + i] = this.indexAtKm(ts, overcast, blobs, (i / (n - 1)) * this.widthKm, (j / (n - 1)) * this.heightKm);
    }
    return values;
  }

  /** A location's place on the grid (computed once per segment). */
  position(latDeg: number, lonDeg: number): GridPosition {
    const n = this.gridSize;
    const gx = clamp(((lonDeg - this.lon0) * this.kmPerDegLon) / this.widthKm, 0, 1) * (n - 1);
    const gy = clamp(((latDeg - this.lat0) * KM_PER_DEG_LAT) / this.heightKm, 0, 1) * (n - 1);
    const i = Math.min(n - 2, Math.floor(gx));
    const j = Math.min(n - 2, Math.floor(gy));
    return { cell: j * n + i, fx: gx - i, fy: gy - j };
  }

  /** Bilinear interpolation of a sampled grid at a position. */
  valueAt(samples: Float64Array, at: GridPosition): number {
    const n = this.gridSize;
    const { cell, fx, fy } = at;
    const bottom = samples[cell] + (samples[cell + 1] - samples[cell]) * fx;
    const top = samples[cell + n] + (samples[cell + n + 1] - samples[cell + n]) * fx;
    return bottom + (top - bottom) * fy;
  }

  /** The overcast layer: its transmittance falls from 1 to 0.25 as the cover goes from 0.6 to 1. */
  private overcastTransmittance(ts: number): number {
    return 1 - 0.75 * smoothstep(0.6, 1, this.options.weather.at(ts).cloudCover);
  }

  private indexAtKm(ts: number, overcast: number, blobs: readonly CloudBlob[], xKm: number, yKm: number): number {
    let index = overcast;
    for (const blob of blobs) {
      const age = ts - blob.bornTs;
      if (age < 0 || age > blob.lifeMs) continue;
      const dx = xKm - (blob.x0Km + blob.vxKmPerMs * age);
      const dy = yKm - (blob.y0Km + blob.vyKmPerMs * age);
      const envelope = Math.sin((Math.PI * age) / blob.lifeMs);
      index *= 1 - blob.opacity * envelope * Math.exp(-(dx * dx + dy * dy) / blob.twoSigmaSqKm2);
    }
    return clamp(index, MIN_CLEAR_SKY_INDEX, 1);
  }

  private activeBlobs(ts: number): CloudBlob[] {
    const hour = Math.floor(ts / HOUR_MS);
    const blobs: CloudBlob[] = [];
    for (let h = hour - MAX_LIFE_HOURS; h <= hour; h++) blobs.push(...this.blobsBornIn(h));
    return blobs;
  }

  private blobsBornIn(hour: number): CloudBlob[] {
    let blobs = this.hours.get(hour);
    if (blobs) return blobs;
    const midTs = hour * HOUR_MS + HOUR_MS / 2;
    const weather = this.options.weather.at(midTs);
    const random = streamOf(this.options.seed, 'clouds', hour);
    // Clouds aloft move about twice as fast as the wind at 10 m.
    const speedKmPerMs = (weather.windSpeedMs * 2 * 3.6) / HOUR_MS;
    const vx = speedKmPerMs * Math.cos(weather.windHeadingRad);
    const vy = speedKmPerMs * Math.sin(weather.windHeadingRad);
    const count = random.poisson(1 + 14 * weather.cloudCover);
    blobs = [];
    for (let k = 0; k < count; k++) {
      const lifeMs = random.between(1, MAX_LIFE_HOURS) * HOUR_MS;
      const sigmaKm = random.between(0.6, 2.5) + 2.5 * weather.cloudCover * random.next();
      // Born upwind of a point of the city (with a margin), so that it crosses the city in mid-life.
      const xKm = random.between(-0.3, 1.3) * this.widthKm - vx * (lifeMs / 2);
      const yKm = random.between(-0.3, 1.3) * this.heightKm - vy * (lifeMs / 2);
      blobs.push({
        bornTs: hour * HOUR_MS + random.next() * HOUR_MS,
        lifeMs,
        x0Km: xKm,
        y0Km: yKm,
        vxKmPerMs: vx,
        vyKmPerMs: vy,
        twoSigmaSqKm2: 2 * sigmaKm * sigmaKm,
        opacity: random.between(0.3, 0.9),
      });
    }
    if (this.hours.size > 48) this.hours.clear();
    this.hours.set(hour, blobs);
    return blobs;
  }
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = clamp((x - edge0) / (edge1 - edge0), 0, 1);
  return t * t * (3 - 2 * t);
}

/** The box around a set of locations. */
export function boundingBoxOf(points: readonly { latDeg: number; lonDeg: number }[]): BoundingBox {
  if (points.length === 0) return { minLatDeg: 0, maxLatDeg: 0, minLonDeg: 0, maxLonDeg: 0 };
  const box = { minLatDeg: Infinity, maxLatDeg: -Infinity, minLonDeg: Infinity, maxLonDeg: -Infinity };
  for (const { latDeg, lonDeg } of points) {
    if (latDeg < box.minLatDeg) box.minLatDeg = latDeg;
    if (latDeg > box.maxLatDeg) box.maxLatDeg = latDeg;
    if (lonDeg < box.minLonDeg) box.minLonDeg = lonDeg;
    if (lonDeg > box.maxLonDeg) box.maxLonDeg = lonDeg;
  }
  return box;
}
