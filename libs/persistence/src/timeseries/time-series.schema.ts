// The one place that knows how telemetry is stored (native daily partitions and rollup tables):
// callers ask it to refresh rollups, ensure partitions or drop old ones, and never touch the DDL.
import { HOUR_MS } from '@trottoir/kernel';
import type { Pool } from 'pg';

import { recentRollupWindows } from './rollup-windows';
import { alignWindow } from './utc-day';

/**
 * How the time series are stored. One mode since the TimescaleDB flavour was removed (issue 12 §4): kept
 * as a type so that benchmarks can print it and a second flavour would have its place.
 */
export type TimeSeriesMode = 'native';
export type Queryable = Pick<Pool, 'query'>;

/** The rollup tables, finest first. */
export const ROLLUP_TABLES = ['telemetry_1m', 'telemetry_15m', 'telemetry_1h'] as const;

export class TimeSeriesSchemaMissingError extends Error {
  constructor() {
    super('table "telemetry" does not exist: run the migrations first (runMigrations / trottoir db migrate)');
    this.name = 'TimeSeriesSchemaMissingError';
  }
}

export class TimeSeriesSchema {
  private constructor(
    private readonly db: Queryable,
    readonly mode: TimeSeriesMode,
  ) {}

  /**
   * Checks that the migrations built the partitioned `telemetry` table. A database migrated by an
   * older release onto TimescaleDB (a hypertable) is refused with a message rather than half-served.
   */
  static async detect(db: Queryable): Promise<TimeSeriesSchema> {
    const { rows } = await db.query<{ relkind: string | null }>(`select (select relkind::text from pg_class where oid = to_regclass('telemetry')) as relkind`);
    const { relkind } = rows[0];
    if (relkind === 'p') return new TimeSeriesSchema(db, 'native');
    if (relkind === null) throw new TimeSeriesSchemaMissingError();
    throw new Error('table "telemetry" is not partitioned (a TimescaleDB hypertable from an older release?): only the native schema is supported; see libs/persistence/README.md');
  }

  /**
   * Recomputes every 1m/15m/1h bucket overlapping [fromTs, toTs) (epoch ms) from the raw rows.
   * The window is widened to whole hours so that each rollup sees whole buckets; idempotent.
   */
  async refreshRollups(fromTs: number, toTs: number): Promise<void> {
    const window = alignWindow(fromTs, toTs, HOUR_MS);
    const from = new Date(window.fromTs);
    const to = new Date(window.toTs);
    await this.db.query('select telemetry_refresh_rollups($1, $2)', [from, to]);
  }

  /** Start of the latest bucket in a rollup table (epoch ms), undefined when it is empty. */
  async latestBucketTs(table: (typeof ROLLUP_TABLES)[number]): Promise<number | undefined> {
    if (!ROLLUP_TABLES.includes(table)) throw new RangeError(`not a rollup table: ${table}`);
    const { rows } = await this.db.query<{ latest: Date | null }>(`select max(bucket) as latest from ${table}`);
    return rows[0].latest === null ? undefined : rows[0].latest.getTime();
  }

  /**
   * The periodic refresh (see `recentRollupWindows`): the 1-minute buckets since `settledBeforeTs`,
   * the open minute included, and the quarter-hours and hours that closed since then, each table over
   * its own window. Returns the windows refreshed.
   */
  async refreshRecentRollups(settledBeforeTs: number, nowTs: number): Promise<number> {
    const windows = recentRollupWindows(settledBeforeTs, nowTs);
    for (const { table, fromTs, toTs } of windows) {
      const range = [new Date(fromTs), new Date(toTs)];
      await this.db.query('select telemetry_refresh_rollup($1, $2, $3)', [table, ...range]);
    }
    return windows.length;
  }

  /**
   * Creates the daily partitions covering [fromTs, toTs) that do not exist yet, moving any rows the
   * default partition holds for those days. Returns how many were created.
   */
  async ensurePartitions(fromTs: number, toTs: number): Promise<number> {
    const { rows } = await this.db.query<{ created: number }>('select telemetry_ensure_partitions($1, $2) as created', [
      new Date(fromTs),
      new Date(toTs),
    ]);
    return rows[0].created;
  }

  /** Ensures one partition per listed UTC day start, in one round trip. */
  async ensureDayPartitions(dayStarts: readonly number[]): Promise<number> {
    if (dayStarts.length === 0) return 0;
    const { rows } = await this.db.query<{ created: string }>(
      `select coalesce(sum(telemetry_ensure_partitions(d, d + interval '1 day')), 0)::text as created
         from unnest($1::timestamptz[]) as d`,
      [dayStarts.map((day) => new Date(day))],
    );
    return Number(rows[0].created);
  }

  /**
   * Drops the daily partitions of raw telemetry whose whole UTC day lies before `beforeTs` (retention);
   * returns their names, oldest first. The rollup tables are left as they are.
   */
  async dropPartitionsBefore(beforeTs: number): Promise<string[]> {
    const { rows } = await this.db.query<{ name: string }>('select telemetry_drop_partitions($1) as name', [new Date(beforeTs)]);
    return rows.map((row) => row.name);
  }
}
