import { DAY_MS } from '@trottoir/kernel';
import { testDatabaseUrls } from '../testing/database-urls';
import type { MigratedDatabase } from '../testing/migrated-database';
import { closeMigratedDatabase, openMigratedDatabase } from '../testing/migrated-database';
import { telemetryRow } from '../testing/telemetry-row.factory';
import type { TelemetryRow } from './telemetry-row';
import { InvalidTelemetryRowError } from './telemetry-row';
import { TelemetryWriter } from './telemetry.writer';

const NOW = Date.UTC(2026, 10, 30, 12);

interface StoredRow {
  segment_id: string;
  ts_ms: string;
  pv_power_w: number;
  battery_soc_pct: number | null;
  meter_import_wh: number;
  ev_sessions_active: number;
  partition: string;
}

describe.each(testDatabaseUrls())('TelemetryWriter on $name', ({ url }) => {
  let fixture: MigratedDatabase | undefined;
  const db = (): MigratedDatabase => {
    if (!fixture) throw new Error('fixture not opened');
    return fixture;
  };
  beforeAll(async () => {
    fixture = await openMigratedDatabase(url);
  });
  afterAll(() => closeMigratedDatabase(fixture));

  const stored = async (segmentId: string): Promise<StoredRow[]> =>
    (
      await db().pool.query<StoredRow>(
        `select segment_id, (extract(epoch from ts) * 1000)::bigint::text as ts_ms, pv_power_w, battery_soc_pct,
                meter_import_wh, ev_sessions_active, tableoid::regclass::text as partition
           from telemetry where segment_id = $1 order by ts`,
        [segmentId],
      )
    ).rows;

  const writer = (): TelemetryWriter => new TelemetryWriter(db().pool, db().schema, { clock: { now: () => NOW } });

  describe.each(['write', 'writeWithInsert'] as const)('%s', (method) => {
    const seg = (name: string): string => `${method}-${name}`;
    const write = (w: TelemetryWriter, rows: TelemetryRow[]) => w[method](rows);

    it('stores a batch written twice only once', async () => {
      const rows = Array.from({ length: 50 }, (_, i) => telemetryRow({ segmentId: seg('twice'), ts: NOW + i * 10_000 }));
      const w = writer();
      expect(await write(w, rows)).toEqual({ inserted: 50, duplicates: 0 });
      expect(await write(w, rows)).toEqual({ inserted: 0, duplicates: 50 });
      expect(await write(writer(), rows)).toEqual({ inserted: 0, duplicates: 50 });
      expect(await stored(seg('twice'))).toHaveLength(50);
    });

    it('keeps the first of duplicates inside one batch', async () => {
      const rows = [
        telemetryRow({ segmentId: seg('dup'), ts: NOW, pvPowerW: -1 }),
        telemetryRow({ segmentId: seg('dup'), ts: NOW + 1, pvPowerW: -2 }),
        telemetryRow({ segmentId: seg('dup'), ts: NOW, pvPowerW: -3 }),
      ];
      expect(await write(writer(), rows)).toEqual({ inserted: 2, duplicates: 1 });
      expect((await stored(seg('dup'))).map((row) => [Number(row.ts_ms), row.pv_power_w])).toEqual([
        [NOW, -1],
        [NOW + 1, -2],
      ]);
    });

    it('stores values exactly: millisecond timestamps, doubles, null SoC, integers', async () => {
      const row = telemetryRow({ segmentId: seg('exact'), ts: NOW + 123, pvPowerW: -0.1 - 0.2, batterySocPct: null, meterImportWh: 123_456.789, evSessionsActive: 3 });
      await write(writer(), [row]);
      const [back] = await stored(seg('exact'));
      expect(back).toMatchObject({ ts_ms: String(NOW + 123), pv_power_w: -0.1 - 0.2, battery_soc_pct: null, meter_import_wh: 123_456.789, ev_sessions_active: 3 });
    });

    it('spreads rows over daily partitions, including late rows from days ago', async () => {
      const days = [0, 1, -1, -5];
      const rows = days.map((offset) => telemetryRow({ segmentId: seg('days'), ts: NOW + offset * DAY_MS }));
      expect(await write(writer(), rows)).toEqual({ inserted: 4, duplicates: 0 });
      const partitions = (await stored(seg('days'))).map((row) => row.partition);
      expect(partitions).toEqual(['telemetry_p20261125', 'telemetry_p20261129', 'telemetry_p20261130', 'telemetry_p20261201']);
    });

    it('puts a far-future row in the default partition rather than failing or creating a partition', async () => {
      const farFuture = Date.UTC(2100, 0, 1, 0, 0, 0, 7);
      expect(await write(writer(), [telemetryRow({ segmentId: seg('future'), ts: farFuture })])).toEqual({ inserted: 1, duplicates: 0 });
      const [row] = await stored(seg('future'));
      expect(Number(row.ts_ms)).toBe(farFuture);
      expect(row.partition).toBe('telemetry_default');
    });

    it('rejects an unstorable row before writing anything', async () => {
      const rows = [telemetryRow({ segmentId: seg('bad'), ts: NOW }), telemetryRow({ segmentId: seg('bad'), ts: NOW + 1, evSessionsActive: 1.5 })];
      await expect(write(writer(), rows)).rejects.toBeInstanceOf(InvalidTelemetryRowError);
      expect(await stored(seg('bad'))).toEqual([]);
    });
  });

  it('rolls back a failed batch and keeps working on the same connections', async () => {
    const w = new TelemetryWriter(db().pool, db().schema, { clock: { now: () => NOW } });
    // A failure only the database sees (rows pass assertStorableRow): a constraint added for this test.
    await db().pool.query('alter table telemetry add constraint ck_spec_no_negative_sessions check (ev_sessions_active >= 0)');
    try {
      const bad = [telemetryRow({ segmentId: 'rollback', ts: NOW }), telemetryRow({ segmentId: 'rollback', ts: NOW + 1, evSessionsActive: -1 })];
      await expect(w.write(bad)).rejects.toThrow(/ck_spec_no_negative_sessions/);
      expect(await stored('rollback')).toEqual([]);
    } finally {
      await db().pool.query('alter table telemetry drop constraint ck_spec_no_negative_sessions');
    }
    const good = Array.from({ length: 8 }, (_, i) => telemetryRow({ segmentId: 'rollback', ts: NOW + i }));
    await Promise.all([w.write(good.slice(0, 4)), w.write(good.slice(4))]);
    expect(await stored('rollback')).toHaveLength(8);
  });

  it('moves rows parked in the default partition into the partition created for their day', async () => {
    const old = Date.UTC(2024, 0, 15, 8);
    const w = new TelemetryWriter(db().pool, db().schema, { clock: { now: () => NOW }, horizon: { maxPastDays: 30, maxFutureDays: 1 } });
    await w.write([telemetryRow({ segmentId: 'parked', ts: old }), telemetryRow({ segmentId: 'parked', ts: old + 1 })]);
    expect((await stored('parked')).map((row) => row.partition)).toEqual(['telemetry_default', 'telemetry_default']);
    expect(await db().schema.ensurePartitions(old, old + 1)).toBe(1);
    expect(await db().schema.ensurePartitions(old, old + 1)).toBe(0);
    expect((await stored('parked')).map((row) => row.partition)).toEqual(['telemetry_p20240115', 'telemetry_p20240115']);
    expect(await w.write([telemetryRow({ segmentId: 'parked', ts: old })])).toEqual({ inserted: 0, duplicates: 1 });
  });
});
