/**
 * PgCurtailedPvInputs against the contract, on each PostgreSQL the suite runs on: the world is seeded as the
 * other services write it (the registry, telemetry refreshed into the rollups, dispatch's gzipped problems
 * and solutions, the forecasting service's float32 traces); plus what only dispatch's records can say: a
 * rejected order and a setpoint that limits no PV do not count as curtailment.
 */
import { gzipSync } from 'node:zlib';

import { ISP_MS } from '@trottoir/kernel';
import { TelemetryWriter, TimeSeriesSchema } from '@trottoir/persistence';
import type { TelemetryRow } from '@trottoir/persistence';
import { testDatabaseServers, useMigratedDatabase } from '@trottoir/testing';
import type { Pool } from 'pg';

import type { CurtailedPvWorld } from './curtailed-pv-inputs.contract';
import { describeCurtailedPvInputsContract, T } from './curtailed-pv-inputs.contract';
import { PgCurtailedPvInputs } from './curtailed-pv-inputs.pg';

function reading(segmentId: string, ts: number, pvPowerW: number): TelemetryRow {
  return { segmentId, ts, pvPowerW, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0, batterySocPct: null, netPowerW: -pvPowerW, meterImportWh: 0, meterExportWh: 0, lightsDimmingPct: 0, evSessionsActive: 0 };
}

type Setpoint = { segmentId: string; isp: number; pvLimitW?: number; evLimitW?: number };

async function storeOrder(pool: Pool, orderId: string, status: 'accepted' | 'rejected', setpoints: Setpoint[], redispatch: Setpoint[] = []): Promise<void> {
  const problem = gzipSync(JSON.stringify({ start: T, ispMs: ISP_MS, isps: 4 }));
  const solution = (points: Setpoint[]) => gzipSync(JSON.stringify({ setpoints: points }));
  await pool.query(
    `insert into flex_order (order_id, offer_id, node_id, dso_id, received_at, status, flex_order, problem_gz, solution_gz)
     values ($1, 'offer-' || $1, 'lv1', 'enedis', $2, $3, $4, $5, $6)`,
    [orderId, new Date(T), status, { isps: [0, 1, 2, 3].map((i) => ({ ispStart: T + i * ISP_MS, deltaW: 1_000 })) }, problem, solution(setpoints)],
  );
  if (redispatch.length > 0) {
    await pool.query(`insert into flex_redispatch (order_id, isp_start, at, reason, target_w, problem_gz, solution_gz) values ($1, $2, $2, 'shortfall', 1000, $3, $4)`, [orderId, new Date(T), problem, solution(redispatch)]);
  }
}

function traces(p50W: number[]): Buffer {
  // Levels 0.1, 0.5, 0.9, level-major: the P10 and P90 rows are decoys (P10 negative, clamped if ever read).
  const values = [...p50W.map((w) => -w), ...p50W, ...p50W.map((w) => 2 * w)];
  const blob = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => blob.writeFloatLE(value, i * 4));
  return blob;
}

async function seed(pool: Pool, world: CurtailedPvWorld): Promise<void> {
  for (const [nodeId, parentId] of world.nodes) {
    await pool.query(`insert into grid_node (node_id, parent_id, kind, rated_limit_w, dso_id, name) values ($1, $2, $3, 1e6, 'enedis', $1)`, [nodeId, parentId, parentId === null ? 'mv-feeder' : 'lv-feeder']);
  }
  for (const [segmentId, nodeId] of world.segments) {
    await pool.query(`insert into segment (segment_id, grid_node_id, kind, lat, lon, commissioned_at, ratings) values ($1, $2, 'sidewalk', 45, 5, '2020-01-01', '{}')`, [segmentId, nodeId]);
  }
  const schema = await TimeSeriesSchema.detect(pool);
  await new TelemetryWriter(pool, schema).write(world.pv.map(([segmentId, ts, powerW]) => reading(segmentId, ts, powerW)));
  await schema.refreshRollups(T - 4 * ISP_MS, T + 4 * ISP_MS);
  // One order limits a's PV in ISP 1 and b's EV charging (not PV); its re-dispatch limits a in ISP 2 and c in ISP 3.
  const byIsp = (segmentId: string, ts: number): Setpoint => ({ segmentId, isp: (ts - T) / ISP_MS, pvLimitW: 0 });
  const [first, ...later] = world.limits.map(([segmentId, ts]) => byIsp(segmentId, ts));
  await storeOrder(pool, 'o1', 'accepted', [first, { segmentId: 'b', isp: 1, evLimitW: 0 }], later);
  await storeOrder(pool, 'o2', 'rejected', [{ segmentId: 'b', isp: 0, pvLimitW: 0 }]);
  for (const { segmentId, issuedAt, startTs, p50W } of world.forecasts) {
    await pool.query(
      `insert into forecast_issue (issued_at, start_ts, interval_ms, steps, levels, model_version, segments, nodes, duration_ms) values ($1, $2, $3, $4, '{0.1,0.5,0.9}', 'test', 1, 0, 1)`,
      [new Date(issuedAt), new Date(startTs), ISP_MS, p50W.length],
    );
    await pool.query(`insert into forecast_segment (segment_id, issued_at, grid_node_id, pv_w, lights_w, ev_w) values ($1, $2, 'lv1', $3, $3, $3)`, [segmentId, new Date(issuedAt), traces(p50W)]);
  }
}

describe.each(testDatabaseServers())('curtailed-pv inputs on $name', ({ url: serverUrl }) => {
  const db = useMigratedDatabase(serverUrl, { poolMax: 4 });

  describeCurtailedPvInputsContract('PostgreSQL', {
    open: async (world) => {
      await seed(db.pool, world);
      return new PgCurtailedPvInputs(db.pool);
    },
  });
});
