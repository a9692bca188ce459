/**
 * The minute rollups in memory, for unit specs of the node-state cycle: readings are stored as the
 * pipeline stores them and become visible only once a refresh rolls their bucket up, as in PostgreSQL,
 * so a spec sees what a cycle that forgot a refresh would miss. The same contract as the PostgreSQL
 * adapter (`minute-rollups.contract.ts`). Only the 1-minute and hourly rollups are kept: nothing the
 * cycle reads comes from the quarter-hours.
 */
import { HOUR_MS, MINUTE_MS } from '@trottoir/kernel';
import { DIRTY_INTERVAL_MS } from '@trottoir/persistence';
import type { SegmentInterval } from '@trottoir/telemetry';

import type { MinuteRollups } from './minute-rollups.port';

/** What the rollups the cycle reads are made of: one stored reading. */
export interface StoredReading {
  readonly segmentId: string;
  readonly ts: number;
  readonly pvPowerW: number;
  readonly netPowerW: number;
  readonly lightsPowerW?: number;
  readonly evPowerW?: number;
  readonly batteryPowerW?: number;
  readonly batterySocPct?: number | null;
}

interface Sums {
  pv: number;
  net: number;
  lights: number;
  ev: number;
  battery: number;
  soc: number;
  socCount: number;
  count: number;
}

const floorTo = (ts: number, widthMs: number) => Math.floor(ts / widthMs) * widthMs;
const ceilTo = (ts: number, widthMs: number) => Math.ceil(ts / widthMs) * widthMs;

export class InMemoryMinuteRollups implements MinuteRollups {
  private readonly readings = new Map<string, StoredReading>();
  /** Rolled-up minutes: bucket start → segment → averages. */
  private readonly minutes = new Map<number, Map<string, SegmentInterval>>();
  /** Starts of the rolled-up hourly buckets. */
  private readonly hours = new Set<number>();
  private readonly dirty = new Set<number>();

  /** Stores readings as the pipeline's writer does: a second reading of a segment at the same ts is ignored. */
  record(readings: readonly StoredReading[]): void {
    for (const reading of readings) {
      const key = `${reading.segmentId}\u0000${reading.ts}`;
      if (!this.readings.has(key)) this.readings.set(key, reading);
    }
  }

  /** Marks the 15-minute intervals of late readings, as the pipeline does. */
  markDirty(tsList: Iterable<number>): void {
    for (const ts of tsList) this.dirty.add(floorTo(ts, DIRTY_INTERVAL_MS));
  }

  async latestHourBucketTs(): Promise<number | undefined> {
    return this.hours.size === 0 ? undefined : Math.max(...this.hours);
  }

  async refreshRollups(fromTs: number, toTs: number): Promise<void> {
    const from = floorTo(fromTs, HOUR_MS);
    const to = Math.max(ceilTo(toTs, HOUR_MS), from + HOUR_MS);
    this.rollUpMinutes(from, to);
    this.rollUpHours(from, to);
  }

  /** The windows of persistence's `recentRollupWindows` for the two rollups kept here. */
  async refreshRecentRollups(settledBeforeTs: number, nowTs: number): Promise<void> {
    this.rollUpMinutes(floorTo(settledBeforeTs, MINUTE_MS), ceilTo(nowTs, MINUTE_MS));
    this.rollUpHours(floorTo(settledBeforeTs, HOUR_MS), floorTo(nowTs, HOUR_MS));
  }

  async refreshDirtyIntervals(limit: number): Promise<number> {
    const oldest = [...this.dirty].sort((a, b) => a - b).slice(0, limit);
    for (const bucketStartTs of oldest) {
      await this.refreshRollups(bucketStartTs, bucketStartTs + DIRTY_INTERVAL_MS);
      this.dirty.delete(bucketStartTs);
    }
    return oldest.length;
  }

  async minute(bucketTs: number): Promise<SegmentInterval[]> {
    return [...(this.minutes.get(bucketTs)?.values() ?? [])];
  }

  async lastReadings(sinceTs: number): Promise<Map<string, number>> {
    const last = new Map<string, number>();
    for (const [bucketTs, segments] of this.minutes) {
      if (bucketTs < sinceTs) continue;
      for (const segmentId of segments.keys()) last.set(segmentId, Math.max(last.get(segmentId) ?? bucketTs, bucketTs));
    }
    return last;
  }

  private within(fromTs: number, toTs: number): StoredReading[] {
    return [...this.readings.values()].filter((reading) => reading.ts >= fromTs && reading.ts < toTs);
  }

  /** Recomputes the 1-minute buckets in [fromTs, toTs) (whole minutes) from the readings. */
  private rollUpMinutes(fromTs: number, toTs: number): void {
    for (const bucketTs of this.minutes.keys()) if (bucketTs >= fromTs && bucketTs < toTs) this.minutes.delete(bucketTs);
    const sums = new Map<number, Map<string, Sums>>();
    for (const reading of this.within(fromTs, toTs)) {
      const bucketTs = floorTo(reading.ts, MINUTE_MS);
      const bucket = sums.get(bucketTs) ?? new Map<string, Sums>();
      const sum = bucket.get(reading.segmentId) ?? { pv: 0, net: 0, lights: 0, ev: 0, battery: 0, soc: 0, socCount: 0, count: 0 };
      sum.pv += reading.pvPowerW;
      sum.net += reading.netPowerW;
      sum.lights += reading.lightsPowerW ?? 0;
      sum.ev += reading.evPowerW ?? 0;
      sum.battery += reading.batteryPowerW ?? 0;
      if (reading.batterySocPct !== undefined && reading.batterySocPct !== null) {
        sum.soc += reading.batterySocPct;
        sum.socCount += 1;
      }
      sum.count += 1;
      bucket.set(reading.segmentId, sum);
      sums.set(bucketTs, bucket);
    }
    for (const [bucketTs, bucket] of sums) {
      const intervals = [...bucket].map(([segmentId, sum]): [string, SegmentInterval] => [
        segmentId,
        {
          segmentId,
          pvPowerW: sum.pv / sum.count,
          netPowerW: sum.net / sum.count,
          lightsPowerW: sum.lights / sum.count,
          evPowerW: sum.ev / sum.count,
          batteryPowerW: sum.battery / sum.count,
          ...(sum.socCount > 0 ? { batterySocPct: sum.soc / sum.socCount } : {}),
        },
      ]);
      this.minutes.set(bucketTs, new Map(intervals));
    }
  }

  /** Recomputes which hourly buckets in [fromTs, toTs) (whole hours) hold readings. */
  private rollUpHours(fromTs: number, toTs: number): void {
    for (const hourTs of this.hours) if (hourTs >= fromTs && hourTs < toTs) this.hours.delete(hourTs);
    for (const { ts } of this.within(fromTs, toTs)) this.hours.add(floorTo(ts, HOUR_MS));
  }
}
