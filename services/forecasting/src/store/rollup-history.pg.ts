/**
 * The measured history in PostgreSQL: the telemetry_15m rollup that ingestion keeps, read an hour at a
 * time (the MeasuredHistory port of the cycle).
 */
import type { QuarterHourObservation } from '@trottoir/forecasting-domain';
import type { Queryable } from '@trottoir/persistence';

import { historyWindows } from '../cycle/measured-history.port';
import type { MeasuredHistory } from '../cycle/measured-history.port';

export class PgRollupHistory implements MeasuredHistory {
  constructor(private readonly db: Queryable) {}

  async read(fromTs: number, toTs: number, onChunk: (observations: QuarterHourObservation[]) => void | Promise<void>): Promise<number> {
    let total = 0;
    for (const [chunkFrom, chunkTo] of historyWindows(fromTs, toTs)) {
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
