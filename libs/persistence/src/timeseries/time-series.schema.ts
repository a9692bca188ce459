// The one place that knows whether telemetry lives in a TimescaleDB hypertable or in native
// partitions: callers ask it to refresh rollups or ensure partitions and never branch themselves.
import { HOUR_MS } from '@trottoir/kernel';
import type { Pool } from 'pg';

import { recentRollupWindows } from './rollup-windows';
import { alignWindow } from './utc-day';

export type TimeSeriesMode = 'timescaledb' | 'native';
export type Queryable = Pick<Pool, 'query'>;

/** The continuous aggregates (or rollup tables), finest first. */
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
   * Reads the mode from what the migration actually built (a partitioned table or a hypertable), not
   * from whether the extension is available now: installing TimescaleDB later does not convert data.
   */
  static async detect(db: Queryable): Promise<TimeSeriesSchema> {
    const { rows } = await db.query<{ relkind: string | null; timescale: boolean }>(
      `select (select relkind::text from pg_class where oid = to_regclass('telemetry')) as relkind,
              exists (select 1 from pg_extension where extname = 'timescaledb') as timescale`,
    );
    const { relkind, timescale } = rows[0];
    if (relkind === 'p') return new TimeSeriesSchema(db, 'native');
    if (relkind === 'r' && timescale) return new TimeSeriesSchema(db, 'timescaledb');
    throw new TimeSeriesSchemaMissingError();
  }

  /**
   * Recomputes every 1m/15m/1h bucket overlapping [fromTs, toTs) (epoch ms) from the raw rows.
   * The window is widened to whole hours so that each rollup sees whole buckets; idempotent.
   */
  async refreshRollups(fromTs: number, toTs: number): Promise<void> {
    const window = alignWindow(fromTs, toTs, HOUR_MS);
    const from = new Date(window.fromTs);
    const to = new Date(window.toTs);
    if (this.mode === 'native') {
      await this.db.query('select telemetry_refresh_rollups($1, $2)', [from, to]);
      return;
    }
    // Not inside a transaction: TimescaleDB refuses to refresh a continuous aggregate in one.
    for (const table of ROLLUP_TABLES) {
      await this.db.query(`call refresh_continuous_aggregate('${table}', $1::timestamptz, $2::timestamptz)`, [from, to]);
    }
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
      if (this.mode === 'native') await this.db.query('select telemetry_refresh_rollup($1, $2, $3)', [table, ...range]);
      else await this.db.query(`call refresh_continuous_aggregate('${table}', $1::timestamptz, $2::timestamptz)`, range);
    }
    return windows.length;
  }

  /**
   * Creates the daily partitions covering [fromTs, toTs) that do not exist yet, moving any rows the
   * default partition holds for those days. Returns how many were created; TimescaleDB makes its
   * chunks itself, so there it is always 0.
   */
  async ensurePartitions(fromTs: number, toTs: number): Promise<number> {
    if (this.mode === 'timescaledb') return 0;
    const { rows } = await this.db.query<{ created: number }>('select telemetry_ensure_partitions($1, $2) as created', [
      new Date(fromTs),
      new Date(toTs),
    ]);
    return rows[0].created;
  }

  /** Ensures one partition per listed UTC day start, in one round trip. */
  async ensureDayPartitions(dayStarts: readonly number[]): Promise<number> {
    if (this.mode === 'timescaledb' || dayStarts.length === 0) return 0;
    const { rows } = await this.db.query<{ created: string }>(
      `select coalesce(sum(telemetry_ensure_partitions(d, d + interval '1 day')), 0)::text as created
         from unnest($1::timestamptz[]) as d`,
      [dayStarts.map((day) => new Date(day))],
    );
    return Number(rows[0].created);
  }
}
