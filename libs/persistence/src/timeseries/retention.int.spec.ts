/** Raw telemetry retention: whole daily partitions dropped, nothing newer touched, rollups kept. */
import { DAY_MS, HOUR_MS } from '@trottoir/kernel';

import { TelemetryWriter } from '../telemetry/telemetry.writer';
import { testDatabaseUrls } from '../testing/database-urls';
import type { MigratedDatabase } from '../testing/migrated-database';
import { closeMigratedDatabase, openMigratedDatabase } from '../testing/migrated-database';
import { telemetryRow } from '../testing/telemetry-row.factory';

const NOW = Date.UTC(2026, 10, 30, 12);
const DAY = Date.UTC(2026, 10, 30);

describe.each(testDatabaseUrls())('telemetry retention on $name', ({ url }) => {
  let fixture: MigratedDatabase | undefined;
  const db = (): MigratedDatabase => {
    if (!fixture) throw new Error('fixture not opened');
    return fixture;
  };
  beforeAll(async () => {
    fixture = await openMigratedDatabase(url);
  });
  afterAll(() => closeMigratedDatabase(fixture));

  const partitions = async (): Promise<string[]> =>
    (
      await db().pool.query<{ name: string }>(
        "select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'telemetry'::regclass order by 1",
      )
    ).rows.map((row) => row.name);

  it('drops the partitions of whole days before the cut-off, keeps the rest and the rollups', async () => {
    const writer = new TelemetryWriter(db().pool, db().schema, { clock: { now: () => NOW } });
    const days = [-10, -3, -2, -1, 0];
    await writer.write(days.map((offset) => telemetryRow({ segmentId: 'kept', ts: DAY + offset * DAY_MS + HOUR_MS })));
    await db().schema.refreshRollups(DAY - 10 * DAY_MS, DAY + DAY_MS);
    const hoursBefore = await db().pool.query<{ n: string }>("select count(*) as n from telemetry_1h where segment_id = 'kept'");

    // The cut-off in the middle of day -2: that day still has rows to keep, so only -10 and -3 go.
    const dropped = await db().schema.dropPartitionsBefore(DAY - 2 * DAY_MS + 12 * HOUR_MS);
    expect(dropped).toEqual(['telemetry_p20261120', 'telemetry_p20261127']);
    expect(await partitions()).toEqual(['telemetry_default', 'telemetry_p20261128', 'telemetry_p20261129', 'telemetry_p20261130']);
    const { rows } = await db().pool.query<{ ts: Date }>("select ts from telemetry where segment_id = 'kept' order by ts");
    expect(rows.map((row) => row.ts.getTime())).toEqual([-2, -1, 0].map((offset) => DAY + offset * DAY_MS + HOUR_MS));
    const hoursAfter = await db().pool.query<{ n: string }>("select count(*) as n from telemetry_1h where segment_id = 'kept'");
    expect(hoursAfter.rows[0].n).toBe(hoursBefore.rows[0].n);
    expect(Number(hoursAfter.rows[0].n)).toBe(5);

    expect(await db().schema.dropPartitionsBefore(DAY - 2 * DAY_MS + 12 * HOUR_MS)).toEqual([]);
  });

  it('lets a writer store into a dropped day again (a new partition), whatever its cache says', async () => {
    const writer = new TelemetryWriter(db().pool, db().schema, { clock: { now: () => NOW } });
    const ts = DAY - 5 * DAY_MS;
    await writer.write([telemetryRow({ segmentId: 'again', ts })]);
    await db().schema.dropPartitionsBefore(DAY - 4 * DAY_MS);
    expect(await writer.write([telemetryRow({ segmentId: 'again', ts: ts + 1 })])).toEqual({ inserted: 1, duplicates: 0 });
  });
});
