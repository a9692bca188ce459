/**
 * The node state's minute rollups in PostgreSQL: the refreshes through TimeSeriesSchema (TimescaleDB
 * continuous aggregates or native rollup tables, detected on first use) and the late-data intervals
 * of DirtyIntervalStore; the reads are plain SQL on telemetry_1m, one query each for all segments.
 */
import type { Queryable } from '@trottoir/persistence';
import { DirtyIntervalStore, TimeSeriesSchema, refreshDirtyIntervals } from '@trottoir/persistence';
import type { SegmentInterval } from '@trottoir/telemetry';

import type { MinuteRollups } from './minute-rollups.port';

export class PgMinuteRollups implements MinuteRollups {
  private schema?: TimeSeriesSchema;
  private readonly dirtyIntervals: DirtyIntervalStore;

  constructor(private readonly db: Queryable) {
    this.dirtyIntervals = new DirtyIntervalStore(db);
  }

  /** Detected once it succeeds: a database that is down at the first cycle is asked again at the next. */
  private async timeSeries(): Promise<TimeSeriesSchema> {
    this.schema ??= await TimeSeriesSchema.detect(this.db);
    return this.schema;
  }

  async latestHourBucketTs(): Promise<number | undefined> {
    return (await this.timeSeries()).latestBucketTs('telemetry_1h');
  }

  async refreshRollups(fromTs: number, toTs: number): Promise<void> {
    await (await this.timeSeries()).refreshRollups(fromTs, toTs);
  }

  async refreshRecentRollups(settledBeforeTs: number, nowTs: number): Promise<void> {
    await (await this.timeSeries()).refreshRecentRollups(settledBeforeTs, nowTs);
  }

  async refreshDirtyIntervals(limit: number): Promise<number> {
    return refreshDirtyIntervals(await this.timeSeries(), this.dirtyIntervals, limit);
  }

  async minute(bucketTs: number): Promise<SegmentInterval[]> {
    const { rows } = await this.db.query<{ segment_id: string; pv: number; net: number; lights: number | null; ev: number | null; battery: number | null; soc: number | null }>(
      `select segment_id, avg_pv_power_w as pv, avg_net_power_w as net, avg_lights_power_w as lights, avg_ev_power_w as ev,
              avg_battery_power_w as battery, avg_battery_soc_pct as soc
         from telemetry_1m where bucket = $1`,
      [new Date(bucketTs)],
    );
    return rows.map((row) => ({
      segmentId: row.segment_id,
      pvPowerW: row.pv,
      netPowerW: row.net,
      lightsPowerW: row.lights ?? 0,
      evPowerW: row.ev ?? 0,
      batteryPowerW: row.battery ?? 0,
      ...(row.soc === null ? {} : { batterySocPct: row.soc }),
    }));
  }


  async lastReadings(sinceTs: number): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ segment_id: string; last: Date }>(
      'select segment_id, max(bucket) as last from telemetry_1m where bucket >= $1 group by segment_id',
      [new Date(sinceTs)],
    );
    return new Map(rows.map((row) => [row.segment_id, row.last.getTime()]));
  }
}
