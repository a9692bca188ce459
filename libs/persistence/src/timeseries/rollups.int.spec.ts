import { Pool } from 'pg';

import { TelemetryWriter } from '../telemetry/telemetry.writer';
import { testDatabaseUrls } from '../testing/database-urls';
import type { MigratedDatabase } from '../testing/migrated-database';
import { closeMigratedDatabase, openMigratedDatabase } from '../testing/migrated-database';
import { telemetryRow } from '../testing/telemetry-row.factory';
import { DirtyIntervalStore, refreshDirtyIntervals } from './dirty-interval.store';
import { ROLLUP_TABLES, TimeSeriesSchema } from './time-series.schema';

const at = (hour: number, minute: number, second = 0): number => Date.UTC(2026, 10, 28, hour, minute, second);
const NOW = Date.UTC(2026, 10, 30, 12);

/** Known rows of one segment; the expectations below are worked out by hand from them. */
const KNOWN = [
  { ts: at(10, 0, 0), pvPowerW: -100, batterySocPct: 40, meterImportWh: 1000 },
  { ts: at(10, 0, 30), pvPowerW: -200, batterySocPct: null, meterImportWh: 1001 },
  { ts: at(10, 1, 10), pvPowerW: -300, batterySocPct: 60, meterImportWh: 1002 },
  { ts: at(10, 14, 59), pvPowerW: -400, batterySocPct: 80, meterImportWh: 1003 },
  { ts: at(10, 15, 0), pvPowerW: -500, batterySocPct: 80, meterImportWh: 1004 },
  { ts: at(10, 59, 59), pvPowerW: -600, batterySocPct: 80, meterImportWh: 1005 },
  { ts: at(11, 0, 0), pvPowerW: -700, batterySocPct: 80, meterImportWh: 1006 },
];

interface Bucket {
  bucket: number;
  pv: number;
  soc: number | null;
  count: number;
  lastImport: number;
}

describe.each(testDatabaseUrls())('rollups on $name', ({ url }) => {
  let fixture: MigratedDatabase | undefined;
  const db = (): MigratedDatabase => {
    if (!fixture) throw new Error('fixture not opened');
    return fixture;
  };
  const write = (rows: Parameters<TelemetryWriter['write']>[0]) => new TelemetryWriter(db().pool, db().schema, { clock: { now: () => NOW } }).write(rows);

  const buckets = async (table: (typeof ROLLUP_TABLES)[number], segmentId: string): Promise<Bucket[]> => {
    const { rows } = await db().pool.query<{ bucket: string; pv: number; soc: number | null; count: number; last_import: number }>(
      `select (extract(epoch from bucket) * 1000)::bigint::text as bucket, avg_pv_power_w as pv, avg_battery_soc_pct as soc,
              sample_count::int as count, last_meter_import_wh as last_import
         from ${table} where segment_id = $1 order by bucket`,
      [segmentId],
    );
    return rows.map((row) => ({ bucket: Number(row.bucket), pv: row.pv, soc: row.soc, count: row.count, lastImport: row.last_import }));
  };
  const snapshot = async (segmentId: string) => Promise.all(ROLLUP_TABLES.map((table) => buckets(table, segmentId)));

  beforeAll(async () => {
    fixture = await openMigratedDatabase(url);
    await write(KNOWN.map((known) => telemetryRow({ segmentId: 'roll', ...known })));
    // Another segment in the same buckets must not leak into 'roll'.
    await write([telemetryRow({ segmentId: 'roll-other', ts: at(10, 0, 10), pvPowerW: -10_000, meterImportWh: 5 })]);
    await db().schema.refreshRollups(at(10, 0), at(11, 0, 1));
  });
  afterAll(() => closeMigratedDatabase(fixture));

  it('1-minute buckets: averages, counts and last registers by hand', async () => {
    expect(await buckets('telemetry_1m', 'roll')).toEqual([
      { bucket: at(10, 0), pv: -150, soc: 40, count: 2, lastImport: 1001 },
      { bucket: at(10, 1), pv: -300, soc: 60, count: 1, lastImport: 1002 },
      { bucket: at(10, 14), pv: -400, soc: 80, count: 1, lastImport: 1003 },
      { bucket: at(10, 15), pv: -500, soc: 80, count: 1, lastImport: 1004 },
      { bucket: at(10, 59), pv: -600, soc: 80, count: 1, lastImport: 1005 },
      { bucket: at(11, 0), pv: -700, soc: 80, count: 1, lastImport: 1006 },
    ]);
  });

  it('15-minute and hourly buckets: averages, counts and last registers by hand', async () => {
    expect(await buckets('telemetry_15m', 'roll')).toEqual([
      { bucket: at(10, 0), pv: -250, soc: 60, count: 4, lastImport: 1003 },
      { bucket: at(10, 15), pv: -500, soc: 80, count: 1, lastImport: 1004 },
      { bucket: at(10, 45), pv: -600, soc: 80, count: 1, lastImport: 1005 },
      { bucket: at(11, 0), pv: -700, soc: 80, count: 1, lastImport: 1006 },
    ]);
    expect(await buckets('telemetry_1h', 'roll')).toEqual([
      { bucket: at(10, 0), pv: -350, soc: 68, count: 6, lastImport: 1005 },
      { bucket: at(11, 0), pv: -700, soc: 80, count: 1, lastImport: 1006 },
    ]);
    expect(await buckets('telemetry_1h', 'roll-other')).toEqual([{ bucket: at(10, 0), pv: -10_000, soc: 55, count: 1, lastImport: 5 }]);
  });

  it('gives the same result when refreshed again', async () => {
    const before = await snapshot('roll');
    await db().schema.refreshRollups(at(10, 0), at(11, 0, 1));
    await db().schema.refreshRollups(at(9, 0), at(12, 0));
    expect(await snapshot('roll')).toEqual(before);
  });

  it('updates a bucket when a late row arrives and its interval is refreshed; the last register stays by time', async () => {
    await write([telemetryRow({ segmentId: 'roll', ts: at(10, 5), pvPowerW: -900, batterySocPct: 20, meterImportWh: 999 })]);
    await db().schema.refreshRollups(at(10, 5), at(10, 5, 1));
    expect((await buckets('telemetry_15m', 'roll'))[0]).toEqual({ bucket: at(10, 0), pv: -380, soc: 50, count: 5, lastImport: 1003 });
    expect((await buckets('telemetry_1h', 'roll'))[0]).toMatchObject({ bucket: at(10, 0), count: 7, lastImport: 1005 });
    expect((await buckets('telemetry_1m', 'roll')).map((bucket) => bucket.bucket)).toContain(at(10, 5));
  });

  it('periodic refresh: the recent minutes and the open one, a quarter-hour and an hour only once closed', async () => {
    const id = 'roll-recent';
    await write([telemetryRow({ segmentId: id, ts: at(13, 7, 10) }), telemetryRow({ segmentId: id, ts: at(13, 8, 30) })]);
    await db().schema.refreshRecentRollups(at(13, 5), at(13, 8, 40));
    expect((await buckets('telemetry_1m', id)).map((b) => [b.bucket, b.count])).toEqual([
      [at(13, 7), 1],
      [at(13, 8), 1],
    ]);
    expect(await buckets('telemetry_15m', id)).toEqual([]);

    await write([telemetryRow({ segmentId: id, ts: at(13, 14, 50) })]);
    await db().schema.refreshRecentRollups(at(13, 12, 40), at(13, 15, 40));
    expect((await buckets('telemetry_1m', id)).map((b) => b.bucket)).toContain(at(13, 14));
    expect((await buckets('telemetry_15m', id)).map((b) => [b.bucket, b.count])).toEqual([[at(13, 0), 3]]);
    expect(await buckets('telemetry_1h', id)).toEqual([]);

    await db().schema.refreshRecentRollups(at(13, 57), at(14, 0, 5));
    expect((await buckets('telemetry_1h', id)).map((b) => [b.bucket, b.count])).toEqual([[at(13, 0), 3]]);
  });

  it('leaves buckets outside the refreshed window alone', async () => {
    await write([telemetryRow({ segmentId: 'roll-window', ts: at(14, 10) }), telemetryRow({ segmentId: 'roll-window', ts: at(16, 10) })]);
    await db().schema.refreshRollups(at(14, 30), at(14, 31));
    expect((await buckets('telemetry_1h', 'roll-window')).map((bucket) => bucket.bucket)).toEqual([at(14, 0)]);
  });

  it('aligns buckets on UTC whatever the session time zone', async () => {
    const kolkata = new Pool({ connectionString: db().database.url, max: 1, options: '-c TimeZone=Asia/Kolkata' });
    try {
      await write([telemetryRow({ segmentId: 'roll-tz', ts: at(10, 20) })]);
      await (await TimeSeriesSchema.detect(kolkata)).refreshRollups(at(10, 20), at(10, 21));
      expect((await buckets('telemetry_1h', 'roll-tz')).map((bucket) => bucket.bucket)).toEqual([at(10, 0)]);
      expect((await buckets('telemetry_15m', 'roll-tz')).map((bucket) => bucket.bucket)).toEqual([at(10, 15)]);
    } finally {
      await kolkata.end();
    }
  });

  it('refreshes the intervals marked dirty by late data, then forgets them', async () => {
    const store = new DirtyIntervalStore(db().pool);
    const late = at(13, 40, 5);
    await write([telemetryRow({ segmentId: 'roll-dirty', ts: late, pvPowerW: -42 })]);
    await store.mark([late, late + 1]);
    expect((await store.list(10)).map((interval) => interval.bucketStartTs)).toEqual([at(13, 30)]);
    expect(await refreshDirtyIntervals(db().schema, new DirtyIntervalStore(db().pool))).toBe(1);
    expect(await buckets('telemetry_15m', 'roll-dirty')).toEqual([{ bucket: at(13, 30), pv: -42, soc: 55, count: 1, lastImport: 100_000 }]);
    expect(await store.list(10)).toEqual([]);
  });

  it('keeps an interval marked again after it was listed', async () => {
    const store = new DirtyIntervalStore(db().pool);
    await store.mark([at(20, 1)]);
    const listed = await store.list(10);
    await store.mark([at(20, 2)]);
    expect(await store.clear(listed)).toBe(0);
    expect((await store.list(10)).map((interval) => interval.bucketStartTs)).toEqual([at(20, 0)]);
    expect(await store.clear(await store.list(10))).toBe(1);
  });
});
