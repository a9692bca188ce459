/**
 * A node's latest stored forecast, read from the tables the forecasting service writes
 * (forecast_issue, forecast_node; migration 1764500300000): quantile traces are little-endian float32
 * blobs, level-major (levels × steps), the levels listed with the issue.
 */
import type { NodeFlowForecast } from '@trottoir/flexibility';
import type { Queryable } from '@trottoir/persistence';

import type { StoredNodeForecasts } from './node-forecasts';

interface Row {
  issued_at: Date;
  start_ts: Date;
  interval_ms: number;
  steps: number;
  levels: number[];
  pv_w: Buffer;
  lights_w: Buffer;
  ev_w: Buffer;
}

function trace(blob: Buffer, levels: readonly number[], steps: number, wanted: number): Float32Array {
  let index = 0;
  levels.forEach((value, i) => {
    if (Math.abs(value - wanted) < Math.abs(levels[index] - wanted)) index = i;
  });
  const values = new Float32Array(steps);
  for (let step = 0; step < steps; step++) values[step] = blob.readFloatLE((index * steps + step) * 4);
  return values;
}

export class PgStoredNodeForecasts implements StoredNodeForecasts {
  constructor(private readonly db: Queryable) {}

  async latest(nodeId: string, asOfTs: number): Promise<NodeFlowForecast | undefined> {
    const { rows } = await this.db.query<Row>(
      `select n.issued_at, i.start_ts, i.interval_ms, i.steps, i.levels, n.pv_w, n.lights_w, n.ev_w
         from forecast_node n join forecast_issue i on i.issued_at = n.issued_at
        where n.node_id = $1 and n.issued_at <= $2
        order by n.issued_at desc limit 1`,
      [nodeId, new Date(asOfTs)],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { steps, levels } = row;
    return {
      issuedAt: row.issued_at.getTime(),
      startTs: row.start_ts.getTime(),
      stepMs: row.interval_ms,
      pvP10W: trace(row.pv_w, levels, steps, 0.1),
      pvP50W: trace(row.pv_w, levels, steps, 0.5),
      lightsP50W: trace(row.lights_w, levels, steps, 0.5),
      evP50W: trace(row.ev_w, levels, steps, 0.5),
    };
  }
}
