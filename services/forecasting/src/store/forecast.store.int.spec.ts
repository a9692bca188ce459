/**
 * ForecastStore on each PostgreSQL the suite runs on (the machine's server and embedded PostgreSQL):
 * an issue is readable only once its issue row is written, a re-run never overwrites it, "as of"
 * reads return the belief of that time, blobs round-trip, old segment forecasts are pruned.
 */
import { createQuantileSeries, forecastGridFor, QUANTILE_LEVELS } from '@trottoir/forecasting-domain';
import type { NodeForecastResult, QuantileSeries, SegmentForecastResult } from '@trottoir/forecasting-domain';
import { createPgPool, runMigrations } from '@trottoir/persistence';
import type { TestDatabase } from '@trottoir/testing';
import { createTestDatabase, testDatabaseServers } from '@trottoir/testing';
import type { Pool } from 'pg';

import { ForecastStore } from './forecast.store';

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2026, 5, 21, 6, 2);

function filled(value: number): QuantileSeries {
  const series = createQuantileSeries(8, QUANTILE_LEVELS);
  series.values.forEach((_, k) => (series.values[k] = value + k * 0.5));
  return series;
}

const segment = (segmentId: string, value: number): SegmentForecastResult => ({ segmentId, gridNodeId: 'LV1', pvW: filled(value), lightsW: filled(value + 1), evW: filled(value + 2) });
const node = (nodeId: string, value: number): NodeForecastResult => ({ nodeId, segments: 2, peakPowerW: 6_000, pvW: filled(value), lightsW: filled(value + 1), evW: filled(value + 2) });

describe.each(testDatabaseServers())('ForecastStore on $name', ({ url: serverUrl }) => {
  let database: TestDatabase;
  let pool: Pool;
  let store: ForecastStore;
  const meta = { modelVersion: 'spec/1', durationMs: 12, weatherLocations: 0 };

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl);
    await runMigrations(database.url);
    pool = createPgPool(database.url, { max: 2 });
    store = new ForecastStore(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('serves nothing of an issue until its issue row is written, then all of it, blobs intact', async () => {
    const grid = forecastGridFor(T0, 8);
    await store.writeSegments(T0, [segment('s1', 100), segment('s2', 200)]);
    expect(await store.segmentForecast('s1')).toBeUndefined();

    expect(await store.writeIssue({ grid, nodes: [node('LV1', 300)], segmentCount: 2 }, meta)).toBe(true);
    const stored = await store.segmentForecast('s2');
    expect(stored).toMatchObject({ issuedAt: T0, startTs: grid.startTs, intervalMs: 900_000, steps: 8, levels: QUANTILE_LEVELS, modelVersion: 'spec/1', gridNodeId: 'LV1' });
    expect(Array.from(stored?.pvW.values ?? [])).toEqual(Array.from(filled(200).values));
    expect(Array.from((await store.nodeForecast('LV1'))?.evW.values ?? [])).toEqual(Array.from(filled(302).values));
    expect(await store.latestIssuedAt()).toBe(T0);
  });

  it('never overwrites an issue: writing the same issue time again changes nothing', async () => {
    const grid = forecastGridFor(T0, 8);
    await store.writeSegments(T0, [segment('s1', 999)]);
    expect(await store.writeIssue({ grid, nodes: [node('LV1', 999)], segmentCount: 1 }, meta)).toBe(false);
    expect((await store.segmentForecast('s1'))?.pvW.values[0]).toBe(100);
    expect((await store.nodeForecast('LV1'))?.pvW.values[0]).toBe(300);
  });

  it('answers "as of": the latest issue at or before the asked time, the latest of all by default', async () => {
    const later = T0 + HOUR_MS;
    await store.writeSegments(later, [segment('s1', 150)]);
    await store.writeIssue({ grid: forecastGridFor(later, 8), nodes: [node('LV1', 350)], segmentCount: 1 }, meta);
    expect((await store.nodeForecast('LV1'))?.issuedAt).toBe(later);
    expect((await store.nodeForecast('LV1', later - 1))?.issuedAt).toBe(T0);
    expect(await store.nodeForecast('LV1', T0 - 1)).toBeUndefined();
    expect((await store.segmentForecast('s1', T0 + 30 * 60_000))?.pvW.values[0]).toBe(100);
  });

  it('prunes segment forecasts issued before the retention limit, and keeps node forecasts', async () => {
    expect(await store.pruneSegments(T0 + 1)).toBe(2);
    expect((await store.segmentForecast('s1'))?.issuedAt).toBe(T0 + HOUR_MS);
    expect(await store.segmentForecast('s2')).toBeUndefined();
    expect((await store.nodeForecast('LV1', T0))?.issuedAt).toBe(T0);
  });
});
