// The SQL of migration 1764500100000-telemetry: plain PostgreSQL daily range partitions and rollup
// tables filled by a function. The TimescaleDB flavour, which no test ever ran, was removed (issue 12
// §4). Frozen with that migration otherwise: change the schema in a new migration and a new
// `telemetry-vN.sql.ts`, never here, or databases migrated before and after would differ.

/** UTC-aligned origin for every bucket, so buckets never depend on the session time zone. */
export const ORIGIN = "timestamptz '2000-01-01 00:00:00+00'";

export const ROLLUPS_V1 = [
  { table: 'telemetry_1m', width: '1 minute' },
  { table: 'telemetry_15m', width: '15 minutes' },
  { table: 'telemetry_1h', width: '1 hour' },
] as const;

const AVG_COLUMNS = [
  ['avg_pv_power_w', 'pv_power_w'],
  ['avg_lights_power_w', 'lights_power_w'],
  ['avg_ev_power_w', 'ev_power_w'],
  ['avg_battery_power_w', 'battery_power_w'],
  ['avg_net_power_w', 'net_power_w'],
  ['avg_battery_soc_pct', 'battery_soc_pct'],
] as const;
const LAST_COLUMNS = [
  ['last_meter_import_wh', 'meter_import_wh'],
  ['last_meter_export_wh', 'meter_export_wh'],
] as const;

/** Aggregate columns of every rollup, after (segment_id, bucket). */
export const ROLLUP_VALUE_COLUMNS = [...AVG_COLUMNS.map(([name]) => name), 'sample_count', ...LAST_COLUMNS.map(([name]) => name)];

export function aggregateSelectList(lastOf: (column: string) => string): string {
  return [
    ...AVG_COLUMNS.map(([name, column]) => `avg(${column}) as ${name}`),
    'count(*) as sample_count',
    ...LAST_COLUMNS.map(([name, column]) => `${lastOf(column)} as ${name}`),
  ].join(', ');
}

const TELEMETRY_COLUMNS_DDL = `
  segment_id text not null,
  ts timestamptz not null,
  pv_power_w double precision not null,
  lights_power_w double precision not null,
  ev_power_w double precision not null,
  battery_power_w double precision not null,
  battery_soc_pct double precision null,
  net_power_w double precision not null,
  meter_import_wh double precision not null,
  meter_export_wh double precision not null,
  lights_dimming_pct double precision not null,
  ev_sessions_active integer not null,
  received_at timestamptz not null default now(),
  constraint pk_telemetry primary key (segment_id, ts)`;

const DIRTY_INTERVAL_DDL = `
  create table if not exists telemetry_dirty_interval (
    bucket_start timestamptz not null,
    marked_at timestamptz not null default now(),
    constraint pk_telemetry_dirty_interval primary key (bucket_start)
  )`;

const ENSURE_PARTITIONS_FN = `
create or replace function telemetry_ensure_partitions(p_from timestamptz, p_to timestamptz)
returns integer language plpgsql as $fn$
declare
  v_day timestamptz := date_bin(interval '1 day', p_from, ${ORIGIN});
  v_next timestamptz;
  v_name text;
  v_created integer := 0;
begin
  -- Two writers ensuring the same day at once would race on the catalog; serialise them until commit.
  perform pg_advisory_xact_lock(hashtext('telemetry_ensure_partitions'));
  while v_day < p_to loop
    v_next := v_day + interval '1 day';
    v_name := 'telemetry_p' || to_char(v_day at time zone 'UTC', 'YYYYMMDD');
    if to_regclass(v_name) is null then
      if exists (select 1 from telemetry_default where ts >= v_day and ts < v_next) then
        -- Rows parked in the default partition would make CREATE ... PARTITION OF fail: move them.
        execute format('create table %I (like telemetry including defaults including constraints)', v_name);
        execute format('with moved as (delete from telemetry_default where ts >= $1 and ts < $2 returning *) '
                       'insert into %I select * from moved', v_name) using v_day, v_next;
        execute format('alter table telemetry attach partition %I for values from (%L) to (%L)', v_name, v_day, v_next);
      else
        execute format('create table %I partition of telemetry for values from (%L) to (%L)', v_name, v_day, v_next);
      end if;
      v_created := v_created + 1;
    end if;
    v_day := v_next;
  end loop;
  return v_created;
end
$fn$`;

function refreshRollupsFn(): string {
  const columns = ROLLUP_VALUE_COLUMNS.join(', ');
  const updates = ROLLUP_VALUE_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ');
  const current = ROLLUP_VALUE_COLUMNS.map((column) => `%1$I.${column}`).join(', ');
  const incoming = ROLLUP_VALUE_COLUMNS.map((column) => `excluded.${column}`).join(', ');
  const rollupRows = ROLLUPS_V1.map((rollup) => `('${rollup.table}', interval '${rollup.width}')`).join(', ');
  return `
create or replace function telemetry_refresh_rollups(p_from timestamptz, p_to timestamptz)
returns bigint language plpgsql as $fn$
declare
  v_rollup record;
  v_from timestamptz;
  v_to timestamptz;
  v_rows bigint;
  v_total bigint := 0;
begin
  for v_rollup in select * from (values ${rollupRows}) as r(table_name, width) loop
    -- Whole buckets only: a bucket is always recomputed from all of its rows, never partially.
    v_from := date_bin(v_rollup.width, p_from, ${ORIGIN});
    v_to := date_bin(v_rollup.width, p_to, ${ORIGIN});
    if v_to < p_to then v_to := v_to + v_rollup.width; end if;
    execute format($sql$
      insert into %1$I (segment_id, bucket, ${columns})
      select segment_id, date_bin($1, ts, $2) as bucket,
             ${aggregateSelectList((column) => `(array_agg(${column} order by ts desc))[1]`)}
      from telemetry where ts >= $3 and ts < $4
      group by 1, 2
      on conflict (segment_id, bucket) do update set ${updates}
      where (${current}) is distinct from (${incoming})
    $sql$, v_rollup.table_name) using v_rollup.width, ${ORIGIN}, v_from, v_to;
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;
  end loop;
  return v_total;
end
$fn$`;
}

export function nativeStatements(): string[] {
  const statements = [
    `create table if not exists telemetry (${TELEMETRY_COLUMNS_DDL}) partition by range (ts)`,
    // Catches anything outside the partitions created so far, so an insert never fails for want of one.
    'create table if not exists telemetry_default partition of telemetry default',
    // Rollup refreshes scan by time across all segments; BRIN is nearly free to maintain on append-mostly data.
    'create index if not exists ix_telemetry_ts_brin on telemetry using brin (ts)',
    ENSURE_PARTITIONS_FN,
  ];
  for (const rollup of ROLLUPS_V1) {
    statements.push(
      `create table if not exists ${rollup.table} (
         segment_id text not null,
         bucket timestamptz not null,
         ${AVG_COLUMNS.map(([name]) => `${name} double precision null`).join(',\n         ')},
         sample_count bigint not null,
         ${LAST_COLUMNS.map(([name]) => `${name} double precision not null`).join(',\n         ')},
         constraint pk_${rollup.table} primary key (segment_id, bucket)
       )`,
      `create index if not exists ix_${rollup.table}_bucket on ${rollup.table} (bucket)`,
    );
  }
  statements.push(refreshRollupsFn(), DIRTY_INTERVAL_DDL);
  return statements;
}

export function dropStatements(): string[] {
  return [
    'drop table if exists telemetry_dirty_interval',
    ...ROLLUPS_V1.map((rollup) => `drop table if exists ${rollup.table}`),
    'drop function if exists telemetry_refresh_rollups(timestamptz, timestamptz)',
    'drop function if exists telemetry_ensure_partitions(timestamptz, timestamptz)',
    'drop table if exists telemetry',
  ];
}
