// Losses specific to tiles laid in the street, as a deterministic model seeded per segment: soiling that builds
// up every day and is washed by rain, vehicles and pedestrians covering tiles (time-of-day profile per street
// type), broken tiles waiting for replacement, and wear of the anti-skid surface. Parameters are calibrated so a
// simulated year lands on the field yields of REFERENCES.md (see README "Tile losses"), not measured one by one.
import { DAY_MS } from '@trottoir/kernel';

export type SegmentKind = 'urban-street' | 'rural-road' | 'car-park';

export interface TileLossProfile {
  /** Soiling added per day without a washing rain (fraction of output): mud, tyre dust, leaves. */
  soilingPerDay: number;
  /** Soiling saturates here. */
  soilingMax: number;
  /** Multiplier of the daily soiling in October and November (rotting leaves). */
  autumnSoilingFactor: number;
  /** Daily rain that washes `washFraction` of the dirt off, mm; a light rain (≥ 1 mm) washes a quarter of that. */
  washRainMm: number;
  washFraction: number;
  /** When no rain is given: probability of a washing rain, and of a light rain, on a day (France: ~45 and ~75 days). */
  heavyRainProbability: number;
  lightRainProbability: number;
  /** Share of the surface covered by parked vehicles, traffic and pedestrians, per local hour 0–23. */
  coverByHour: readonly number[];
  /** Weekend multiplier of the cover. */
  weekendCover: number;
  /** Tile failures per tile per year, and days until a broken tile is replaced. */
  failuresPerYear: number;
  repairDays: number;
  /** Shade of buildings and trees along the street, as a constant share of output. */
  obstructionLoss: number;
  /** Abrasion of the anti-skid resin and electrical faults (connectors, water ingress), constant share of output. */
  wearLoss: number;
}

const URBAN_COVER = [0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.4, 0.35, 0.35, 0.35, 0.35, 0.4, 0.45, 0.45, 0.4, 0.35, 0.35, 0.35, 0.4, 0.45, 0.45, 0.45, 0.45, 0.45];
const RURAL_COVER = [0, 0, 0, 0, 0, 0.01, 0.02, 0.04, 0.04, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.04, 0.05, 0.04, 0.03, 0.02, 0.01, 0, 0];
const CAR_PARK_COVER = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.08, 0.15, 0.25, 0.3, 0.32, 0.33, 0.33, 0.32, 0.32, 0.3, 0.28, 0.22, 0.15, 0.1, 0.08, 0.06, 0.05, 0.05];

const RAIN = { washRainMm: 5, washFraction: 0.6, heavyRainProbability: 0.12, lightRainProbability: 0.2 } as const;

export const TILE_LOSS_PROFILES: Readonly<Record<SegmentKind, TileLossProfile>> = {
  'urban-street': {
    soilingPerDay: 0.012, soilingMax: 0.3, autumnSoilingFactor: 1.5, ...RAIN,
    coverByHour: URBAN_COVER, weekendCover: 1.15, failuresPerYear: 0.08, repairDays: 90, obstructionLoss: 0.3, wearLoss: 0.3,
  },
  'rural-road': {
    soilingPerDay: 0.01, soilingMax: 0.35, autumnSoilingFactor: 2, ...RAIN,
    coverByHour: RURAL_COVER, weekendCover: 0.7, failuresPerYear: 0.05, repairDays: 60, obstructionLoss: 0.05, wearLoss: 0.41,
  },
  'car-park': {
    soilingPerDay: 0.004, soilingMax: 0.15, autumnSoilingFactor: 1, ...RAIN,
    coverByHour: CAR_PARK_COVER, weekendCover: 0.8, failuresPerYear: 0.03, repairDays: 45, obstructionLoss: 0, wearLoss: 0.08,
  },
};

export interface TileLossContext {
  /** Rain over the last 24 h, mm; when absent, a seeded wet-day draw decides. */
  rainMmLastDay?: number;
}

export interface TileLosses {
  /** Multiplier 0..1 on the segment's power at `ts`; advances the soiling state (call with increasing `ts`). */
  factorAt(ts: number, context?: TileLossContext): number;
  /** Current soiling loss (0..soilingMax). */
  readonly soilingLoss: number;
}

export interface TileLossOptions {
  /** Local clock offset from UTC, hours (default 1, Central European Time) for the traffic profile. */
  utcOffsetHours?: number;
  /** Tiles per segment for the broken-tile draw (default 40). */
  tileCount?: number;
  /** Override profile values (for tests and calibration). */
  profile?: Partial<TileLossProfile>;
}

/** A 32-bit integer hash (Murmur3 finaliser) of a seed and two integers, to [0, 1). */
export function hashUnit(seed: number, a: number, b: number): number {
  let h = (seed ^ Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

class SeededTileLosses implements TileLosses {
  soilingLoss: number;
  private lastDay = Number.NaN;
  private brokenWindow = Number.NaN;
  private brokenFraction = 0;
  private readonly coverScale: number;
  private readonly constantFactor: number;

  constructor(
    private readonly profile: TileLossProfile,
    private readonly seed: number,
    private readonly utcOffsetMs: number,
    private readonly tileCount: number,
  ) {
    // Some streets are parked on more than others: ±30 % around the profile, fixed per segment.
    this.coverScale = 0.7 + 0.6 * hashUnit(seed, 1, 0);
    this.soilingLoss = profile.soilingMax * hashUnit(seed, 2, 0) * 0.5;
    this.constantFactor = (1 - profile.obstructionLoss) * (1 - profile.wearLoss);
  }

  factorAt(ts: number, context: TileLossContext = {}): number {
    const localMs = ts + this.utcOffsetMs;
    const day = Math.floor(localMs / DAY_MS);
    if (day !== this.lastDay) this.advanceSoiling(day, context.rainMmLastDay);
    const hour = Math.floor((localMs - day * DAY_MS) / 3_600_000);
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday: 0 = Sunday … 6 = Saturday
    const weekendScale = weekday === 0 || weekday === 6 ? this.profile.weekendCover : 1;
    const cover = Math.min(this.profile.coverByHour[hour] * this.coverScale * weekendScale, 0.95);
    const broken = this.brokenAt(ts);
    return Math.max((1 - this.soilingLoss) * (1 - cover) * (1 - broken) * this.constantFactor, 0);
  }

  private advanceSoiling(day: number, rainMm: number | undefined): void {
    const p = this.profile;
    const elapsedDays = Number.isNaN(this.lastDay) ? 1 : Math.min(Math.max(day - this.lastDay, 0), 366);
    this.lastDay = day;
    for (let d = elapsedDays - 1; d >= 0; d--) {
      // A given rain applies to the day reached; the days skipped over draw their own from the seed.
      const rain = rainMm !== undefined && d === 0 ? rainMm : this.seededRainMm(day - d);
      const month = new Date((day - d) * DAY_MS).getUTCMonth();
      const added = p.soilingPerDay * (month === 9 || month === 10 ? p.autumnSoilingFactor : 1);
      if (rain >= p.washRainMm) this.soilingLoss *= 1 - p.washFraction;
      else if (rain >= 1) this.soilingLoss *= 1 - p.washFraction / 4;
      else this.soilingLoss = Math.min(this.soilingLoss + added, p.soilingMax);
    }
  }

  private seededRainMm(day: number): number {
    const u = hashUnit(this.seed, 3, day);
    if (u < this.profile.heavyRainProbability) return this.profile.washRainMm;
    return u < this.profile.heavyRainProbability + this.profile.lightRainProbability ? 1 : 0;
  }

  /** Tiles fail at random (per 10-day window, seeded per tile) and stay broken `repairDays`. */
  private brokenAt(ts: number): number {
    const window = Math.floor(ts / (10 * DAY_MS));
    if (window === this.brokenWindow) return this.brokenFraction;
    const p = this.profile;
    const failureProbability = 1 - Math.exp((-p.failuresPerYear * 10) / 365);
    const repairWindows = Math.max(Math.ceil(p.repairDays / 10), 1);
    let broken = 0;
    for (let tile = 0; tile < this.tileCount; tile++) {
      for (let w = window - repairWindows + 1; w <= window; w++) {
        if (hashUnit(this.seed ^ 0x5bd1e995, tile, w) < failureProbability) {
          broken++;
          break;
        }
      }
    }
    this.brokenWindow = window;
    this.brokenFraction = broken / this.tileCount;
    return this.brokenFraction;
  }
}

/** A seeded, deterministic loss model for one segment of a kind (same seed, same losses). */
export function createTileLosses(kind: SegmentKind, seed: number, options: TileLossOptions = {}): TileLosses {
  const profile = { ...TILE_LOSS_PROFILES[kind], ...options.profile };
  return new SeededTileLosses(profile, seed >>> 0, (options.utcOffsetHours ?? 1) * 3_600_000, options.tileCount ?? 40);
}

/** Nominal peak power density of solar road tiles: Wattway at Tourouvre, 420 kWp on 2,800 m². */
export const TILE_PEAK_POWER_W_PER_M2 = 150;
