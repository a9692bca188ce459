/**
 * Reads what the models learn from: every segment's 15-minute averages of PV, street-light and EV
 * power (the telemetry_15m rollup that ingestion keeps), one day at a time so a warm-up over weeks
 * of a large fleet never holds more than a day of rows.
 */
import type { QuarterHourObservation } from '@trottoir/forecasting-domain';
import type { Queryable } from '@trottoir/persistence';

const DAY_MS = 86_400_000;

export class RollupHistoryReader {
  constructor(private readonly db: Queryable) {}

  /** Calls `onChunk` with the intervals starting in [fromTs, toTs), in time order, a day per call at most. */
  async read(fromTs: number, toTs: number, onChunk: (observations: QuarterHourObservation[]) => void | Promise<void>): Promise<number> {
    let total = 0;
    for (let chunkFrom = fromTs; chunkFrom < toTs; chunkFrom += DAY_MS) {
      const chunkTo = Math.min(toTs, chunkFrom + DAY_MS);
      const { rows } = await this.db.query<{ segment_id: string; bucket: Date; pv: number | null; lights: number | null; ev: number | null; samples: string }>(
        `select segment_id, bucket, avg_pv_power_w as pv, avg_lights_power_w as lights, avg_ev_power_w as ev, sample_count as samples
           from telemetry_15m where bucket >= $1 and bucket < $2 order by bucket, segment_id`,
        [new Date(chunkFrom), new Date(chunkTo)],
      );
      if (rows.length === 0) continue;
      total += rows.length;
      await onChunk(
        rows.map((row) => ({
          segmentId: row.segment_id,
          ts: row.bucket.getTime(),
          pvPowerW: row.pv ?? 0,
          lightsPowerW: row.lights ?? 0,
          evPowerW: row.ev ?? 0,
          samples: Number(row.samples),
        })),
      );
    }
    return total;
  }
}
