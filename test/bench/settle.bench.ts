/**
 * Settlement at fleet scale: one month of 15-minute data for 10,000 segments (≈ 29 M values) in a fresh
 * PostgreSQL database, then, timed, what the settlement service reads and computes for it: the baselines
 * of 100 orders (one per LV node of 100 segments, on the month's last working day; all four meter
 * methods — 10of10, nodes5, pjm-same-day, mbma — on each node's series) and every operation's monthly
 * energy allocation (the 100 nodes: one statement per participant, canonical JSON and SHA-256), through the
 * service's own SQL: the nodes' series and flows in one pass over the rollup each (nodesMetered,
 * nodesFlows, as AllocationRun reads a month and the order cycle the due orders of near windows).
 * `--per-order` first times the same work read node by node (nodeMetered / nodeFlows, one order alone),
 * printed on stderr.
 * The month is written straight into the 15-minute rollup (native schema; on TimescaleDB raw rows at each
 * ISP start and a refresh of the continuous aggregates), server-side, and is not part of the time.
 * Not part of `npm test`.
 *
 * Run: npm run bench:settle [-- --segments 10000 --per-node 100 --per-order --database-url postgres://…]
 * Ends with one JSON line: {"segments":10000,"isps":2880,"seconds":…,"valuesPerSec":…,"rssMb":…}
 * (`rssMb`: this process's peak RSS over the timed part, what the service's read and compute hold).
 */
import { parseArgs } from 'node:util';

import { DAY_MS, ISP_MS, localDateOf } from '@trottoir/kernel';
import { createPgPool, runMigrations, TimeSeriesSchema } from '@trottoir/persistence';
import type { MeterBaselineMethod } from '@trottoir/settlement';
import { baselineCalendar, buildAllocationStatements, canonicalJson, LOOK_BACK_DAYS, meterBaseline, METER_BASELINE_METHODS, sha256Hex } from '@trottoir/settlement';
import { createTestDatabase } from '@trottoir/testing';

import { PgSettlementInputs } from '../../services/settlement/src/inputs/settlement-inputs.pg';
import type { MeteredIsp, NodeFlows } from '../../services/settlement/src/inputs/settlement-inputs.port';
import { sampleRss } from './peak-rss';

const { values } = parseArgs({
  options: {
    segments: { type: 'string', default: '10000' },
    'per-node': { type: 'string', default: '100' },
    'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    concurrency: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
    'per-order': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`usage: npm run bench:settle [-- --segments 10000] [--per-node 100] [--database-url <url>] [--concurrency 2] [--per-order] [--keep]

Loads one month (June 2026, 2,880 ISPs) of 15-minute rollups for --segments segments (--per-node under each
grid node) into a throwaway database on --database-url, then times the baselines of one order per node
(10of10, nodes5, pjm-same-day, mbma) and every node's monthly energy allocation, reading each window once
for all nodes as the service does; --per-order also times reading them node by node. Progress on stderr, one JSON line on stdout:
{"segments":…,"isps":2880,"seconds":…,"valuesPerSec":…}. --keep leaves the database for a look.`);
  process.exit(0);
}
const SEGMENTS = Number(values.segments);
const PER_NODE = Number(values['per-node']);
const NODES = Math.ceil(SEGMENTS / PER_NODE);
const CONCURRENCY = Number(values.concurrency);
const TIME_ZONE = 'Europe/Paris';
/** June 2026 in Paris: 30 days, 2,880 ISPs. */
const FROM = Date.UTC(2026, 4, 31, 22);
const TO = Date.UTC(2026, 5, 30, 22);
const ISPS = (TO - FROM) / ISP_MS;
/** The orders: 17:00–19:00 in Paris on Friday 26 June, the month's last whole working day with 3 h after it. */
const EVENT_START = Date.UTC(2026, 5, 26, 15);
const EVENT_END = EVENT_START + 8 * ISP_MS;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const nodeId = (n: number): string => `lv${String(n).padStart(4, '0')}`;

/** Per segment and ISP, in SQL: PV by day (a sine from 6 to 20 h UTC, scaled per segment and day), lights at night, EV in bursts. */
const FLOWS_SQL = `
  with s as (select segment_id, 1 + (abs(hashtext(segment_id)) % 1000) / 500.0 as kwp from segment),
       t as (select g as bucket, extract(epoch from g) / 3600.0 as h from generate_series($1::timestamptz, $2::timestamptz - interval '15 minutes', interval '15 minutes') g)
  select s.segment_id, t.bucket,
         greatest(0, sin(pi() * (mod(t.h::numeric, 24) - 6) / 14)) * 1000 * s.kwp * (0.6 + (abs(hashtext(s.segment_id || date_trunc('day', t.bucket)::text)) % 400) / 1000.0) as pv,
         case when mod(t.h::numeric, 24) >= 20 or mod(t.h::numeric, 24) < 5 then 240 else 0 end as lights,
         case when abs(hashtext(s.segment_id || t.bucket::text)) % 10 < 2 then 7400 else 0 end as ev
    from s cross join t`;

async function load(pool: ReturnType<typeof createPgPool>, schema: TimeSeriesSchema): Promise<void> {
  await pool.query(`insert into grid_node (node_id, parent_id, kind, rated_limit_w, dso_id, name) values ('ps-bench', null, 'primary-substation', 1e9, 'bench', 'bench')`);
  await pool.query(
    `insert into grid_node (node_id, parent_id, kind, rated_limit_w, dso_id, name)
       select 'lv' || lpad(n::text, 4, '0'), 'ps-bench', 'lv-feeder', 1e6, 'bench', 'LV ' || n from generate_series(0, $1 - 1) n`,
    [NODES],
  );
  await pool.query(
    `insert into segment (segment_id, grid_node_id, kind, lat, lon, commissioned_at, ratings)
       select 'seg-' || lpad(i::text, 6, '0'), 'lv' || lpad((i / $2)::text, 4, '0'), 'sidewalk', 45.76, 4.84, '2020-01-01', '{}' from generate_series(0, $1 - 1) i`,
    [SEGMENTS, PER_NODE],
  );
  if (schema.mode === 'native') {
    await pool.query(
      `insert into telemetry_15m (segment_id, bucket, avg_pv_power_w, avg_lights_power_w, avg_ev_power_w, avg_battery_power_w, avg_net_power_w, avg_battery_soc_pct, sample_count, last_meter_import_wh, last_meter_export_wh)
         select segment_id, bucket, pv, lights, ev, 0, lights + ev - pv, null, 90, 0, 0 from (${FLOWS_SQL}) f`,
      [new Date(FROM), new Date(TO)],
    );
  } else {
    await pool.query(
      `insert into telemetry (segment_id, ts, pv_power_w, lights_power_w, ev_power_w, battery_power_w, battery_soc_pct, net_power_w, meter_import_wh, meter_export_wh, lights_dimming_pct, ev_sessions_active)
         select segment_id, bucket, pv, lights, ev, 0, null, lights + ev - pv, 0, 0, 0, 0 from (${FLOWS_SQL}) f`,
      [new Date(FROM), new Date(TO)],
    );
    await schema.refreshRollups(FROM, TO);
  }
  await pool.query('analyze telemetry_15m');
}

/** Runs `jobs` `CONCURRENCY` at a time (the pool's connections). */
async function inParallel<T>(items: readonly T[], job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await job(items[next++]);
  }));
}

async function main(): Promise<void> {
  const database = await createTestDatabase(values['database-url'] as string);
  const pool = createPgPool(database.url, { max: CONCURRENCY });
  try {
    await runMigrations(database.url);
    const schema = await TimeSeriesSchema.detect(pool);
    log(`loading ${SEGMENTS} segments × ${ISPS} ISPs (${(SEGMENTS * ISPS / 1e6).toFixed(1)} M rows, ${schema.mode} schema)…`);
    const loadStarted = Date.now();
    await load(pool, schema);
    log(`loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s; settling…`);

    const inputs = new PgSettlementInputs(pool);
    const nodes = Array.from({ length: NODES }, (_, n) => nodeId(n));
    const calendar = baselineCalendar({ eventStartTs: EVENT_START, eventEndTs: EVENT_END, timeZone: TIME_ZONE });
    const historyFromTs = EVENT_START - (LOOK_BACK_DAYS + 1) * DAY_MS;
    const historyToTs = EVENT_END + 3 * 3_600_000;
    const monthIsps = Array.from({ length: ISPS }, (_, i) => FROM + i * ISP_MS);
    const month = localDateOf(FROM + DAY_MS, TIME_ZONE).slice(0, 7);
    let baselines = 0;
    let statements = 0;
    let valuesRead = 0;
    const baselinesOf = (segments: number, metered: Map<number, MeteredIsp>): void => {
      const series = new Map<number, number>();
      for (const [ts, isp] of metered) {
        valuesRead += isp.segmentsMetered;
        if (isp.segmentsMetered === segments) series.set(ts, isp.sumW);
      }
      for (const method of METER_BASELINE_METHODS as readonly MeterBaselineMethod[]) {
        meterBaseline(method, series, calendar);
        baselines += 1;
      }
    };
    const allocationOf = (node: string, flows: Map<number, NodeFlows>): void => {
      const productionW = new Map<number, number>();
      const lights = new Map<number, number>();
      const ev = new Map<number, number>();
      for (const [ts, f] of flows) {
        valuesRead += f.segmentsMetered;
        productionW.set(ts, f.pvW);
        lights.set(ts, f.lightsW);
        ev.set(ts, f.evW);
      }
      const documents = buildAllocationStatements({ nodeId: node, dsoId: 'bench', month, timeZone: TIME_ZONE, monthIsps, key: { kind: 'prorata' }, productionW, consumptionW: new Map([['street-lighting', lights], ['ev-charging', ev]]) });
      for (const document of documents) {
        sha256Hex(canonicalJson(document));
        statements += 1;
      }
    };

    if (values['per-order']) {
      const started = process.hrtime.bigint();
      await inParallel(nodes, async (node) => {
        const segments = await inputs.segmentsBelow(node);
        baselinesOf(segments.length, await inputs.nodeMetered(segments, historyFromTs, historyToTs, ISP_MS));
      });
      await inParallel(nodes, async (node) => allocationOf(node, await inputs.nodeFlows(await inputs.segmentsBelow(node), FROM, TO)));
      log(`node by node (one order alone): ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s, ${(valuesRead / 1e6).toFixed(1)} M rollup values read`);
      baselines = statements = valuesRead = 0;
    }

    const peakRss = sampleRss();
    const started = process.hrtime.bigint();
    const segmentsByNode = new Map<string, string[]>();
    for (const node of nodes) segmentsByNode.set(node, await inputs.segmentsBelow(node));
    // The two passes run side by side, one per connection.
    const [metered, flows] = await Promise.all([inputs.nodesMetered(segmentsByNode, historyFromTs, historyToTs), inputs.nodesFlows(segmentsByNode, FROM, TO)]);
    for (const node of nodes) {
      baselinesOf(segmentsByNode.get(node)?.length ?? 0, metered.get(node) ?? new Map());
      allocationOf(node, flows.get(node) ?? new Map());
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    log(`${baselines} baselines (${NODES} orders × ${METER_BASELINE_METHODS.length} methods), ${statements} allocation statements; ${(valuesRead / 1e6).toFixed(1)} M rollup values read`);
    console.log(JSON.stringify({ segments: SEGMENTS, isps: ISPS, seconds: Math.round(seconds * 100) / 100, valuesPerSec: Math.round((SEGMENTS * ISPS) / seconds), rssMb: peakRss() }));
  } finally {
    await pool.end();
    if (values.keep) log(`kept database ${database.name}`);
    else await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
