/**
 * Reads what the node state needs from the 1-minute rollup with plain SQL, one query each for all
 * segments: their averages over one minute, and the latest minute each segment reported in.
 */
import type { SegmentInterval } from '@trottoir/telemetry';
import type { Queryable } from '@trottoir/persistence';

export class MinuteRollupReader {
  constructor(private readonly db: Queryable) {}

  /** Every segment's averages over the minute starting at `bucketTs`. */
  async minute(bucketTs: number): Promise<SegmentInterval[]> {
    const { rows } = await this.db.query<{ segment_id: string; pv: number; net: number }>(
      'select segment_id, avg_pv_power_w as pv, avg_net_power_w as net from telemetry_1m where bucket = $1',
      [new Date(bucketTs)],
    );
    return rows.map((row) => ({ segmentId: row.segment_id, pvPowerW: row.pv, netPowerW: row.net }));
  }

  /**
   * The start of the latest minute each segment reported in, since `sinceTs` (older segments are
   * offline anyway, so the scan stays on recent buckets). Liveness therefore has a one-minute
   * resolution and errs on the old side: a reading counts from the start of its minute.
   */
  async lastReadings(sinceTs: number): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ segment_id: string; last: Date }>(
      'select segment_id, max(bucket) as last from telemetry_1m where bucket >= $1 group by segment_id',
      [new Date(sinceTs)],
    );
    return new Map(rows.map((row) => [row.segment_id, row.last.getTime()]));
  }
}
