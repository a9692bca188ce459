/**
 * SettlementInputs on PostgreSQL. Dispatch's records (flex_order, flex_offer, flex_redispatch: the
 * problems and solutions as gzipped JSON), the registry (grid_node, segment), the rollups (telemetry_15m,
 * or telemetry_1m for ISPs shorter than 15 minutes, summed in SQL), the late-data log of migration
 * 1764500750000. The cycle's lease is the runtime's (`settlement`, LEASES).
 */
import { FlexOfferSchema, FlexOrderSchema, fromJsonValue } from '@trottoir/contracts';
import type { DispatchProblem, DispatchSolution } from '@trottoir/flexibility';
import { commandedChangesW } from '@trottoir/flexibility';
import { ISP_MS, MINUTE_MS } from '@trottoir/kernel';
import { SettlementInputError } from '@trottoir/settlement';
import type { Pool } from 'pg';

import type { DataChange } from '../store/statement-records';
import type { DispatchedOrder, MeteredIsp, NodeFlows, SettlementInputs } from './settlement-inputs.port';
import { unpackJson } from './gzip-json';
import { segmentsBelowNode } from './segments-below.sql';

const ORIGIN = "timestamptz '2000-01-01 00:00:00+00'";

/** The rollup a given ISP length is read from. */
function rollupFor(ispMs: number): string {
  if (ispMs % ISP_MS === 0) return 'telemetry_15m';
  if (ispMs % MINUTE_MS === 0) return 'telemetry_1m';
  throw new SettlementInputError(`ISPs of ${ispMs} ms cannot be metered: the rollups are per minute and per quarter-hour`);
}

/** Commanded changes of one solved problem, keyed by segment and ISP start. */
function commandedOf(problem: DispatchProblem | undefined, solution: DispatchSolution | undefined): { segmentId: string; ispStart: number; changeW: number }[] {
  if (!problem || !solution) return [];
  return commandedChangesW(problem, solution.setpoints).map(({ segmentId, isp, changeW }) => ({ segmentId, ispStart: problem.start + isp * problem.ispMs, changeW }));
}

export class PgSettlementInputs implements SettlementInputs {
  constructor(private readonly pool: Pool) {}

  async dispatchedOrder(orderId: string): Promise<DispatchedOrder | undefined> {
    const { rows } = await this.pool.query<{ status: 'accepted' | 'rejected'; flex_order: unknown; offer: unknown; problem_gz: Buffer | null; solution_gz: Buffer | null }>(
      `select o.status, o.flex_order, f.offer, o.problem_gz, o.solution_gz
         from flex_order o join flex_offer f on f.offer_id = o.offer_id where o.order_id = $1`,
      [orderId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const order = fromJsonValue(FlexOrderSchema, row.flex_order as never);
    const offer = fromJsonValue(FlexOfferSchema, row.offer as never);
    const priceOf = new Map(offer.isps.map((isp) => [isp.ispStart, isp.priceCentsPerMwh]));
    const isps = order.isps.map((isp) => {
      const price = priceOf.get(isp.ispStart);
      if (price === undefined) throw new SettlementInputError(`order ${orderId}: the offer ${offer.offerId} has no price for the ISP ${new Date(isp.ispStart).toISOString()}`);
      return { ispStart: isp.ispStart, orderedW: isp.deltaW, priceCentsPerMWh: price };
    });
    const ordered = new Set(isps.map((isp) => isp.ispStart));
    // The order's own solution, then each re-dispatch in time order: the latest command a segment got for an ISP wins.
    const [problem, solution] = await Promise.all([unpackJson<DispatchProblem>(row.problem_gz), unpackJson<DispatchSolution>(row.solution_gz)]);
    const latest = new Map<string, { segmentId: string; ispStart: number; changeW: number }>();
    const put = (changes: { segmentId: string; ispStart: number; changeW: number }[]) => {
      for (const change of changes) if (ordered.has(change.ispStart)) latest.set(`${change.segmentId}\u0000${change.ispStart}`, change);
    };
    put(commandedOf(problem, solution));
    const redispatches = await this.pool.query<{ problem_gz: Buffer; solution_gz: Buffer }>('select problem_gz, solution_gz from flex_redispatch where order_id = $1 order by at, isp_start', [orderId]);
    for (const redispatch of redispatches.rows) put(commandedOf(await unpackJson<DispatchProblem>(redispatch.problem_gz), await unpackJson<DispatchSolution>(redispatch.solution_gz)));
    const setpoints = solution?.setpoints ?? [];
    return {
      orderId,
      offerId: order.offerId,
      nodeId: order.nodeId,
      dsoId: order.dsoId,
      status: row.status,
      ispMs: offer.ispMs || problem?.ispMs || ISP_MS,
      currency: offer.currency || 'EUR',
      baselineMethod: order.baselineMethod,
      isps,
      commanded: [...latest.values()],
      pvCurtailmentOnly: setpoints.length > 0 && setpoints.every((s) => s.pvLimitW !== undefined && s.evLimitW === undefined && s.lightsPct === undefined && s.batteryPowerW === undefined),
    };
  }

  async dsoOfNode(nodeId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ dso_id: string }>('select dso_id from grid_node where node_id = $1', [nodeId]);
    return rows[0]?.dso_id;
  }

  async nodeFlows(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<number, NodeFlows>> {
    const { rows } = await this.pool.query<{ isp: string; pv: number; lights: number; ev: number; segments: number }>(
      `select (extract(epoch from bucket) * 1000)::bigint::text as isp, sum(avg_pv_power_w) as pv, sum(avg_lights_power_w) as lights,
              sum(avg_ev_power_w) as ev, count(*)::int as segments
         from telemetry_15m where segment_id = any ($1) and bucket >= $2 and bucket < $3
          and avg_pv_power_w is not null and avg_lights_power_w is not null and avg_ev_power_w is not null
        group by bucket`,
      [[...segmentIds], new Date(fromTs), new Date(toTs)],
    );
    return new Map(rows.map((row) => [Number(row.isp), { pvW: row.pv, lightsW: row.lights, evW: row.ev, segmentsMetered: row.segments }]));
  }

  private static pairs(segmentsByNode: ReadonlyMap<string, readonly string[]>): [string[], string[]] {
    const segments: string[] = [];
    const nodes: string[] = [];
    for (const [node, ids] of segmentsByNode) {
      for (const id of ids) {
        segments.push(id);
        nodes.push(node);
      }
    }
    return [segments, nodes];
  }

  async nodesMetered(segmentsByNode: ReadonlyMap<string, readonly string[]>, fromTs: number, toTs: number): Promise<Map<string, Map<number, MeteredIsp>>> {
    const { rows } = await this.pool.query<{ node_id: string; isp: string; sum_w: number; segments: number; samples: string }>(
      `select m.node_id, (extract(epoch from t.bucket) * 1000)::bigint::text as isp, sum(t.avg_net_power_w) as sum_w, count(*)::int as segments, sum(t.sample_count)::text as samples
         from telemetry_15m t join unnest($1::text[], $2::text[]) as m (segment_id, node_id) on m.segment_id = t.segment_id
        where t.bucket >= $3 and t.bucket < $4 and t.avg_net_power_w is not null
        group by m.node_id, t.bucket`,
      [...PgSettlementInputs.pairs(segmentsByNode), new Date(fromTs), new Date(toTs)],
    );
    const out = new Map<string, Map<number, MeteredIsp>>([...segmentsByNode.keys()].map((node) => [node, new Map()]));
    for (const row of rows) out.get(row.node_id)?.set(Number(row.isp), { sumW: row.sum_w, segmentsMetered: row.segments, sampleCount: Number(row.samples) });
    return out;
  }

  async nodesFlows(segmentsByNode: ReadonlyMap<string, readonly string[]>, fromTs: number, toTs: number): Promise<Map<string, Map<number, NodeFlows>>> {
    const { rows } = await this.pool.query<{ node_id: string; isp: string; pv: number; lights: number; ev: number; segments: number }>(
      `select m.node_id, (extract(epoch from t.bucket) * 1000)::bigint::text as isp, sum(t.avg_pv_power_w) as pv, sum(t.avg_lights_power_w) as lights,
              sum(t.avg_ev_power_w) as ev, count(*)::int as segments
         from telemetry_15m t join unnest($1::text[], $2::text[]) as m (segment_id, node_id) on m.segment_id = t.segment_id
        where t.bucket >= $3 and t.bucket < $4
          and t.avg_pv_power_w is not null and t.avg_lights_power_w is not null and t.avg_ev_power_w is not null
        group by m.node_id, t.bucket`,
      [...PgSettlementInputs.pairs(segmentsByNode), new Date(fromTs), new Date(toTs)],
    );
    const out = new Map<string, Map<number, NodeFlows>>([...segmentsByNode.keys()].map((node) => [node, new Map()]));
    for (const row of rows) out.get(row.node_id)?.set(Number(row.isp), { pvW: row.pv, lightsW: row.lights, evW: row.ev, segmentsMetered: row.segments });
    return out;
  }

  async segmentsBelow(nodeId: string): Promise<string[]> {
    return segmentsBelowNode(this.pool, nodeId);
  }

  async nodeMetered(segmentIds: readonly string[], fromTs: number, toTs: number, ispMs: number): Promise<Map<number, MeteredIsp>> {
    if (ispMs === ISP_MS) {
      // The market's ISP is the rollup's bucket: one aggregation, no re-binning (the hot path of the baselines' history).
      const { rows } = await this.pool.query<{ isp: string; sum_w: number; segments: number; samples: string }>(
        `select (extract(epoch from bucket) * 1000)::bigint::text as isp, sum(avg_net_power_w) as sum_w, count(*)::int as segments, sum(sample_count)::text as samples
           from telemetry_15m where segment_id = any ($1) and bucket >= $2 and bucket < $3 and avg_net_power_w is not null
          group by bucket`,
        [[...segmentIds], new Date(fromTs), new Date(toTs)],
      );
      return new Map(rows.map((row) => [Number(row.isp), { sumW: row.sum_w, segmentsMetered: row.segments, sampleCount: Number(row.samples) }]));
    }
    const { rows } = await this.pool.query<{ isp: string; sum_w: number; segments: number; samples: string }>(
      `select (extract(epoch from isp) * 1000)::bigint::text as isp, sum(w) as sum_w, count(*)::int as segments, sum(samples)::text as samples
         from (select segment_id, date_bin($4::bigint * interval '1 millisecond', bucket, ${ORIGIN}) as isp,
                      avg(avg_net_power_w) as w, sum(sample_count) as samples
                 from ${rollupFor(ispMs)} where segment_id = any ($1) and bucket >= $2 and bucket < $3 and avg_net_power_w is not null
                group by 1, 2) per_segment
        group by isp order by isp`,
      [[...segmentIds], new Date(fromTs), new Date(toTs), ispMs],
    );
    return new Map(rows.map((row) => [Number(row.isp), { sumW: row.sum_w, segmentsMetered: row.segments, sampleCount: Number(row.samples) }]));
  }

  async segmentsMetered(segmentIds: readonly string[], fromTs: number, toTs: number, ispMs: number): Promise<Map<string, Map<number, number>>> {
    const { rows } = await this.pool.query<{ segment_id: string; isp: string; w: number }>(
      `select segment_id, (extract(epoch from date_bin($4::bigint * interval '1 millisecond', bucket, ${ORIGIN})) * 1000)::bigint::text as isp, avg(avg_net_power_w) as w
         from ${rollupFor(ispMs)} where segment_id = any ($1) and bucket >= $2 and bucket < $3 and avg_net_power_w is not null
        group by 1, 2`,
      [[...segmentIds], new Date(fromTs), new Date(toTs), ispMs],
    );
    const out = new Map<string, Map<number, number>>();
    for (const row of rows) {
      let series = out.get(row.segment_id);
      if (!series) out.set(row.segment_id, (series = new Map()));
      series.set(Number(row.isp), row.w);
    }
    return out;
  }

  async otherOrderIsps(nodeId: string, orderId: string, fromTs: number, toTs: number): Promise<number[]> {
    const { rows } = await this.pool.query<{ isp: string }>(
      `select distinct (isp ->> 'ispStart')::double precision::bigint::text as isp
         from flex_order o, jsonb_array_elements(o.flex_order -> 'isps') as isp
        where o.node_id = $1 and o.order_id <> $2 and o.status = 'accepted'
          and (isp ->> 'ispStart')::double precision >= $3 and (isp ->> 'ispStart')::double precision < $4`,
      [nodeId, orderId, fromTs, toTs],
    );
    return rows.map((row) => Number(row.isp)).sort((a, b) => a - b);
  }

  async settledDataChanges(afterId: number, limit: number): Promise<DataChange[]> {
    const { rows } = await this.pool.query<{ change_id: string; bucket_start: Date; waiting: boolean }>(
      `select c.change_id::text as change_id, c.bucket_start,
              exists (select 1 from telemetry_dirty_interval d where d.bucket_start = c.bucket_start) as waiting
         from settlement_data_change c
        where c.change_id > $1
          -- Nothing at or past the oldest transaction still running: one of its rows could commit behind the cursor.
          and c.tx_id < pg_snapshot_xmin(pg_current_snapshot())
        order by c.change_id limit $2`,
      [afterId, limit],
    );
    // Up to the first interval still marked: its rollups do not hold the late data yet; the rest waits with it.
    const ready: DataChange[] = [];
    for (const row of rows) {
      if (row.waiting) break;
      ready.push({ changeId: Number(row.change_id), bucketStartTs: row.bucket_start.getTime() });
    }
    return ready;
  }
}
