// The SQL of migration 1764500400000-rollup-refresh-per-table (native schema only): a refresh of ONE
// rollup table over a window, so that each minute's cycle can refresh the 1-minute buckets it needs
// without re-aggregating the current quarter-hour and hour as well (the v1 function refreshes all three
// over one window). Frozen with that migration, like telemetry-v1.sql.ts.
import { ORIGIN, ROLLUPS_V1, ROLLUP_VALUE_COLUMNS, aggregateSelectList } from './telemetry-v1.sql';

export function refreshRollupFn(): string {
  const columns = ROLLUP_VALUE_COLUMNS.join(', ');
  const updates = ROLLUP_VALUE_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ');
  const current = ROLLUP_VALUE_COLUMNS.map((column) => `%1$I.${column}`).join(', ');
  const incoming = ROLLUP_VALUE_COLUMNS.map((column) => `excluded.${column}`).join(', ');
  const rollupRows = ROLLUPS_V1.map((rollup) => `('${rollup.table}', interval '${rollup.width}')`).join(', ');
  return `
create or replace function telemetry_refresh_rollup(p_table text, p_from timestamptz, p_to timestamptz)
returns bigint language plpgsql as $fn$
declare
  v_width interval;
  v_from timestamptz;
  v_to timestamptz;
  v_rows bigint;
begin
  select r.width into v_width from (values ${rollupRows}) as r(table_name, width) where r.table_name = p_table;
  if v_width is null then
    raise exception 'telemetry_refresh_rollup: % is not a rollup table', p_table;
  end if;
  -- Whole buckets only: a bucket is always recomputed from all of its rows, never partially.
  v_from := date_bin(v_width, p_from, ${ORIGIN});
  v_to := date_bin(v_width, p_to, ${ORIGIN});
  if v_to < p_to then v_to := v_to + v_width; end if;
  execute format($sql$
    insert into %1$I (segment_id, bucket, ${columns})
    select segment_id, date_bin($1, ts, $2) as bucket,
           ${aggregateSelectList((column) => `(array_agg(${column} order by ts desc))[1]`)}
    from telemetry where ts >= $3 and ts < $4
    group by 1, 2
    on conflict (segment_id, bucket) do update set ${updates}
    where (${current}) is distinct from (${incoming})
  $sql$, p_table) using v_width, ${ORIGIN}, v_from, v_to;
  get diagnostics v_rows = row_count;
  return v_rows;
end
$fn$`;
}
