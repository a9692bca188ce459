// The SQL of migration 1764500870000-data-lifecycle: retention of raw telemetry by dropping whole
// daily partitions (never DELETE: a dropped partition frees its space at once and leaves no dead rows
// for vacuum), and the outbox's event time. Frozen with that migration, like telemetry-v1.sql.ts.

/**
 * Drops the daily partitions `telemetry_pYYYYMMDD` whose whole day lies before `p_before`; returns
 * their names. Rows of those days parked in the default partition are not touched (see the README).
 * The rollup tables keep their buckets: only the raw rows go.
 */
export const DROP_PARTITIONS_FN = `
create or replace function telemetry_drop_partitions(p_before timestamptz)
returns setof text language plpgsql as $fn$
declare
  v_name text;
begin
  -- The writers' telemetry_ensure_partitions takes the same lock: a day is never created and dropped at once.
  perform pg_advisory_xact_lock(hashtext('telemetry_ensure_partitions'));
  for v_name in
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'telemetry'::regclass and c.relname ~ '^telemetry_p[0-9]{8}$'
       and to_timestamp(substr(c.relname, 12), 'YYYYMMDD')::timestamp at time zone 'UTC' + interval '1 day' <= p_before
     order by c.relname
  loop
    execute format('drop table %I', v_name);
    return next v_name;
  end loop;
end
$fn$`;
