/**
 * CurtailedPvInputs on PostgreSQL: the registry's tree (grid_node, segment), the quarter-hour rollup
 * (telemetry_15m), dispatch's solved problems (flex_order, flex_redispatch: gzipped JSON whose setpoints
 * say which segment's PV was limited in which ISP) and the forecasting service's per-segment traces
 * (forecast_issue, forecast_segment: little-endian float32, level-major).
 */
import type { DispatchProblem, DispatchSolution } from '@trottoir/flexibility';
import { ISP_MS } from '@trottoir/kernel';
import type { Pool } from 'pg';

import type { CurtailedPvInputs } from './curtailed-pv-inputs.port';
import { unpackJson } from './gzip-json';
import { segmentsBelowNode } from './segments-below.sql';

/** The index of the level nearest 0.5 (the levels are listed with the issue). */
function medianIndex(levels: readonly number[]): number {
  let index = 0;
  levels.forEach((level, i) => {
    if (Math.abs(level - 0.5) < Math.abs(levels[index] - 0.5)) index = i;
  });
  return index;
}

export class PgCurtailedPvInputs implements CurtailedPvInputs {
  constructor(private readonly pool: Pool) {}

  async nodePathOf(segmentId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ node_id: string }>(
      `with recursive up (node_id, depth) as (
         select grid_node_id, 0 from segment where segment_id = $1
         union all
         select g.parent_id, u.depth + 1 from grid_node g join up u on g.node_id = u.node_id where g.parent_id is not null
       )
       select node_id from up order by depth`,
      [segmentId],
    );
    return rows.map((row) => row.node_id);
  }

  async segmentsBelow(nodeId: string): Promise<string[]> {
    return segmentsBelowNode(this.pool, nodeId);
  }

  async segmentsPv(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<string, Map<number, number>>> {
    const out = new Map<string, Map<number, number>>(segmentIds.map((id) => [id, new Map()]));
    if (segmentIds.length === 0) return out;
    const { rows } = await this.pool.query<{ segment_id: string; isp: string; w: number }>(
      `select segment_id, (extract(epoch from bucket) * 1000)::bigint::text as isp, avg_pv_power_w as w
         from telemetry_15m where segment_id = any ($1) and bucket >= $2 and bucket < $3 and avg_pv_power_w is not null`,
      [[...segmentIds], new Date(fromTs), new Date(toTs)],
    );
    for (const row of rows) out.get(row.segment_id)?.set(Number(row.isp), row.w);
    return out;
  }

  async pvLimitedIsps(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<string, Set<number>>> {
    const wanted = new Set(segmentIds);
    const out = new Map<string, Set<number>>(segmentIds.map((id) => [id, new Set()]));
    if (wanted.size === 0) return out;
    // Every accepted order with an ISP in the window, and every re-dispatch of those: each solved problem's PV limits.
    const { rows } = await this.pool.query<{ problem_gz: Buffer | null; solution_gz: Buffer | null }>(
      `with orders as (
         select o.order_id, o.problem_gz, o.solution_gz from flex_order o
          where o.status = 'accepted'
            and exists (select 1 from jsonb_array_elements(o.flex_order -> 'isps') isp
                         where (isp ->> 'ispStart')::double precision >= $1::double precision and (isp ->> 'ispStart')::double precision < $2::double precision)
       )
       select problem_gz, solution_gz from orders
       union all
       select r.problem_gz, r.solution_gz from flex_redispatch r join orders o on o.order_id = r.order_id`,
      [fromTs, toTs],
    );
    for (const row of rows) {
      const [problem, solution] = await Promise.all([unpackJson<DispatchProblem>(row.problem_gz), unpackJson<DispatchSolution>(row.solution_gz)]);
      if (!problem || !solution) continue;
      for (const setpoint of solution.setpoints) {
        if (setpoint.pvLimitW === undefined || !wanted.has(setpoint.segmentId)) continue;
        // A limit in force over any part of a quarter-hour makes that quarter-hour's mean not the tiles' own.
        const startTs = problem.start + setpoint.isp * problem.ispMs;
        for (let ts = Math.floor(startTs / ISP_MS) * ISP_MS; ts < startTs + problem.ispMs; ts += ISP_MS) {
          if (ts >= fromTs && ts < toTs) out.get(setpoint.segmentId)?.add(ts);
        }
      }
    }
    return out;
  }

  async segmentPvForecast(segmentId: string, issuedAtOrBeforeTs: number, fromTs: number, toTs: number): Promise<Map<number, number>> {
    const { rows } = await this.pool.query<{ start_ts: Date; interval_ms: number; steps: number; levels: number[]; pv_w: Buffer }>(
      `select i.start_ts, i.interval_ms, i.steps, i.levels, f.pv_w
         from forecast_segment f join forecast_issue i on i.issued_at = f.issued_at
        where f.segment_id = $1 and f.issued_at <= $2
        order by f.issued_at desc limit 1`,
      [segmentId, new Date(issuedAtOrBeforeTs)],
    );
    const row = rows[0];
    const out = new Map<number, number>();
    if (!row) return out;
    // Steps are averaged into the quarter-hours they fall in (forecasts are issued per quarter-hour today; a
    // finer grid would still give the ISP's mean). A quarter-hour is given only when every step of it is there.
    const offset = medianIndex(row.levels) * row.steps;
    const startTs = row.start_ts.getTime();
    const sums = new Map<number, { sumW: number; steps: number }>();
    for (let step = 0; step < row.steps; step++) {
      const ts = startTs + step * row.interval_ms;
      if (ts < fromTs || ts >= toTs) continue;
      const isp = Math.floor(ts / ISP_MS) * ISP_MS;
      const sum = sums.get(isp) ?? { sumW: 0, steps: 0 };
      sum.sumW += Math.max(0, row.pv_w.readFloatLE((offset + step) * 4));
      sum.steps += 1;
      sums.set(isp, sum);
    }
    const stepsPerIsp = Math.max(1, Math.round(ISP_MS / row.interval_ms));
    for (const [isp, { sumW, steps }] of sums) if (steps === stepsPerIsp) out.set(isp, sumW / steps);
    return out;
  }
}
