/**
 * PgSettlementInputs on each PostgreSQL the suite runs on: the registry's subtree of a node, the rollups
 * summed per ISP (15-minute and 1-minute), the flows of an operation, the late-data log filled by the
 * trigger and handed out only once the interval is re-aggregated.
 */
import { DirtyIntervalStore, refreshDirtyIntervals, TelemetryWriter, TimeSeriesSchema } from '@trottoir/persistence';
import type { TelemetryRow } from '@trottoir/persistence';
import { testDatabaseServers, useMigratedDatabase } from '@trottoir/testing';

import { PgSettlementInputs } from './settlement-inputs.pg';

const T = Date.UTC(2026, 5, 21, 10, 15);
const MIN = 60_000;

function row(segmentId: string, ts: number, netPowerW: number, pvPowerW = 0): TelemetryRow {
  return { segmentId, ts, pvPowerW, lightsPowerW: 100, evPowerW: netPowerW + pvPowerW - 100, batteryPowerW: 0, batterySocPct: null, netPowerW, meterImportWh: 1_000, meterExportWh: 0, lightsDimmingPct: 0, evSessionsActive: 0 };
}

describe.each(testDatabaseServers())('settlement inputs on $name', ({ url: serverUrl }) => {
  const db = useMigratedDatabase(serverUrl, { poolMax: 4 });
  let schema: TimeSeriesSchema;

  beforeAll(async () => {
    const pool = db.pool;
    await pool.query(`insert into grid_node (node_id, parent_id, kind, rated_limit_w, dso_id, name) values
      ('ps01', null, 'primary-substation', 1e7, 'enedis', 'PS 1'), ('lv1', 'ps01', 'lv-feeder', 1e5, 'enedis', 'LV 1'), ('ps02', null, 'primary-substation', 1e7, 'other', 'PS 2')`);
    await pool.query(`insert into segment (segment_id, grid_node_id, kind, lat, lon, commissioned_at, ratings) values
      ('s1', 'lv1', 'sidewalk', 45, 5, '2020-01-01', '{}'), ('s2', 'ps01', 'sidewalk', 45, 5, '2020-01-01', '{}'), ('s3', 'ps02', 'sidewalk', 45, 5, '2020-01-01', '{}')`);
    schema = await TimeSeriesSchema.detect(pool);
    await new TelemetryWriter(pool, schema).write([
      row('s1', T, 1_000, 500), row('s1', T + MIN, 3_000, 500), row('s2', T, -2_000, 2_500), row('s2', T + 30_000, -1_000, 2_500), row('s3', T, 9_999),
    ]);
    await schema.refreshRollups(T, T + 15 * MIN);
  });

  it('finds the segments of a node\'s whole subtree, and its DSO', async () => {
    const inputs = new PgSettlementInputs(db.pool);
    expect(await inputs.segmentsBelow('ps01')).toEqual(['s1', 's2']);
    expect(await inputs.segmentsBelow('lv1')).toEqual(['s1']);
    expect(await inputs.dsoOfNode('ps02')).toBe('other');
    expect(await inputs.dsoOfNode('nowhere')).toBeUndefined();
    expect(await inputs.dispatchedOrder('no-such-order')).toBeUndefined();
  });

  it('sums the segments\' mean net power per ISP, from the quarter-hour or the minute rollups', async () => {
    const inputs = new PgSettlementInputs(db.pool);
    // s1: mean of 1,000 and 3,000; s2: mean of −2,000 and −1,000.
    expect(await inputs.nodeMetered(['s1', 's2'], T, T + 15 * MIN, 15 * MIN)).toEqual(new Map([[T, { sumW: 2_000 - 1_500, segmentsMetered: 2, sampleCount: 4 }]]));
    // One-minute ISPs: the first minute has both segments, the second only s1.
    expect(await inputs.nodeMetered(['s1', 's2'], T, T + 2 * MIN, MIN)).toEqual(
      new Map([
        [T, { sumW: 1_000 - 1_500, segmentsMetered: 2, sampleCount: 3 }],
        [T + MIN, { sumW: 3_000, segmentsMetered: 1, sampleCount: 1 }],
      ]),
    );
    expect(await inputs.segmentsMetered(['s1'], T, T + 2 * MIN, MIN)).toEqual(new Map([['s1', new Map([[T, 1_000], [T + MIN, 3_000]])]]));
    await expect(inputs.nodeMetered(['s1'], T, T + MIN, 45_000)).rejects.toThrow(/cannot be metered/);
  });

  it('gives the same sums for many nodes in one pass', async () => {
    const inputs = new PgSettlementInputs(db.pool);
    const groups = new Map([['ps01', ['s1', 's2']], ['lv1', ['s1']], ['empty', []]]);
    const metered = await inputs.nodesMetered(groups, T, T + 15 * MIN);
    expect(metered.get('ps01')).toEqual(await inputs.nodeMetered(['s1', 's2'], T, T + 15 * MIN, 15 * MIN));
    expect(metered.get('lv1')).toEqual(await inputs.nodeMetered(['s1'], T, T + 15 * MIN, 15 * MIN));
    expect(metered.get('empty')).toEqual(new Map());
    const flows = await inputs.nodesFlows(groups, T, T + 15 * MIN);
    expect(flows.get('ps01')).toEqual(await inputs.nodeFlows(['s1', 's2'], T, T + 15 * MIN));
    expect(flows.get('lv1')).toEqual(await inputs.nodeFlows(['s1'], T, T + 15 * MIN));
  });

  it('sums an operation\'s PV, lights and EV charging per quarter-hour', async () => {
    // EV power is net + PV − lights here: s1 means 2,400 W, s2 900 W.
    const flows = await new PgSettlementInputs(db.pool).nodeFlows(['s1', 's2'], T, T + 15 * MIN);
    expect(flows).toEqual(new Map([[T, { pvW: 3_000, lightsW: 200, evW: 2_400 + 900, segmentsMetered: 2 }]]));
  });

  it('hands out a late-data mark only once its interval has been re-aggregated', async () => {
    const inputs = new PgSettlementInputs(db.pool);
    const after = Number((await db.pool.query<{ id: string }>('select coalesce(max(change_id), 0)::text as id from settlement_data_change')).rows[0].id);
    const marks = new DirtyIntervalStore(db.pool);
    await marks.mark([T + 5 * MIN]);
    await marks.mark([T + 6 * MIN]);
    expect(await inputs.settledDataChanges(after, 100)).toEqual([]);
    await refreshDirtyIntervals(schema, marks);
    // The horizon is the server's oldest running transaction: another spec's, on another database, may hold it a moment.
    await vi.waitFor(
      async () =>
        expect(await inputs.settledDataChanges(after, 100)).toEqual([
          { changeId: after + 1, bucketStartTs: T },
          { changeId: after + 2, bucketStartTs: T },
        ]),
      { timeout: 10_000, interval: 100 },
    );
  });

  it('hands out no change past a transaction still running, so none can commit behind the cursor', async () => {
    const inputs = new PgSettlementInputs(db.pool);
    const after = Number((await db.pool.query<{ id: string }>('select coalesce(max(change_id), 0)::text as id from settlement_data_change')).rows[0].id);
    const marks = new DirtyIntervalStore(db.pool);
    // A slow ingestion transaction takes the next id and has not committed when a later mark commits.
    const slow = await db.pool.connect();
    try {
      await slow.query('begin');
      await slow.query('insert into telemetry_dirty_interval (bucket_start) values ($1) on conflict (bucket_start) do update set marked_at = now()', [new Date(T + 30 * MIN)]);
      await marks.mark([T + 45 * MIN]);
      await slow.query('delete from telemetry_dirty_interval where bucket_start = $1', [new Date(T + 30 * MIN)]);
      await db.pool.query('delete from telemetry_dirty_interval where bucket_start = $1', [new Date(T + 45 * MIN)]);
      expect(await inputs.settledDataChanges(after, 100)).toEqual([]);
      await slow.query('commit');
    } finally {
      slow.release();
    }
    // The horizon is the server's oldest running transaction: another spec's, on another database, may hold it a moment.
    await vi.waitFor(
      async () =>
        expect(await inputs.settledDataChanges(after, 100)).toEqual([
          { changeId: after + 1, bucketStartTs: T + 30 * MIN },
          { changeId: after + 2, bucketStartTs: T + 45 * MIN },
        ]),
      { timeout: 10_000, interval: 100 },
    );
  });
});
