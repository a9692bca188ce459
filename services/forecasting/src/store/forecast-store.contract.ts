/**
 * The one contract suite of the forecast store (the cycle's IssuedForecasts and the endpoints'
 * ForecastHistory), run against every adapter: PgForecastStore on each PostgreSQL the integration
 * suite runs on, InMemoryForecastStore in the unit specs. An issue is readable only once its issue row
 * is written, a re-run never overwrites it, "as of" reads return the belief of that time, series
 * round-trip, old segment forecasts are pruned.
 */
import { HOUR_MS, ISP_MS, MINUTE_MS } from '@trottoir/kernel';
import { createQuantileSeries, forecastGridFor, QUANTILE_LEVELS } from '@trottoir/forecasting-domain';
import type { NodeForecastResult, QuantileSeries, SegmentForecastResult } from '@trottoir/forecasting-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ForecastHistory } from '../api/forecast-history.port';
import type { IssuedForecasts } from '../cycle/issued-forecasts.port';

export type ForecastStoreUnderTest = IssuedForecasts & ForecastHistory & { latestIssuedAt(): Promise<number | undefined> };

export interface ForecastStoreHarness {
  /** An empty store on the system under test, for the whole suite (its tests run in order on it). */
  open(): Promise<ForecastStoreUnderTest>;
  close?(): Promise<void>;
}

const T0 = Date.UTC(2026, 5, 21, 6, 2);

function filled(value: number): QuantileSeries {
  const series = createQuantileSeries(8, QUANTILE_LEVELS);
  series.values.forEach((_, k) => (series.values[k] = value + k * 0.5));
  return series;
}

const segment = (segmentId: string, value: number): SegmentForecastResult => ({ segmentId, gridNodeId: 'LV1', pvW: filled(value), lightsW: filled(value + 1), evW: filled(value + 2) });
const node = (nodeId: string, value: number): NodeForecastResult => ({ nodeId, segments: 2, peakPowerW: 6_000, pvW: filled(value), lightsW: filled(value + 1), evW: filled(value + 2) });

export function describeForecastStoreContract(name: string, harness: ForecastStoreHarness): void {
  describe(`ForecastStore contract: ${name}`, () => {
    let store: ForecastStoreUnderTest;
    const meta = { modelVersion: 'spec/1', durationMs: 12, weatherLocations: 0 };

    beforeAll(async () => {
      store = await harness.open();
    });

    afterAll(async () => {
      await harness.close?.();
    });

    it('serves nothing of an issue until its issue row is written, then all of it, blobs intact', async () => {
      const grid = forecastGridFor(T0, 8);
      await store.writeSegments(T0, [segment('s1', 100), segment('s2', 200)]);
      expect(await store.segmentForecast('s1')).toBeUndefined();

      expect(await store.writeIssue({ grid, nodes: [node('LV1', 300)], segmentCount: 2 }, meta)).toBe(true);
      const stored = await store.segmentForecast('s2');
      expect(stored).toMatchObject({ issuedAt: T0, startTs: grid.startTs, intervalMs: ISP_MS, steps: 8, levels: QUANTILE_LEVELS, modelVersion: 'spec/1', gridNodeId: 'LV1' });
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
      expect((await store.segmentForecast('s1', T0 + 30 * MINUTE_MS))?.pvW.values[0]).toBe(100);
    });

    it('prunes segment forecasts issued before the retention limit, and keeps node forecasts', async () => {
      expect(await store.pruneSegments(T0 + 1)).toBe(2);
      expect((await store.segmentForecast('s1'))?.issuedAt).toBe(T0 + HOUR_MS);
      expect(await store.segmentForecast('s2')).toBeUndefined();
      expect((await store.nodeForecast('LV1', T0))?.issuedAt).toBe(T0);
    });

    it('keeps what it was given: buffers the writer reuses after a write do not change what is read back', async () => {
      const issuedAt = T0 + 2 * HOUR_MS;
      const chunk = [segment('s3', 400)];
      await store.writeSegments(issuedAt, chunk);
      chunk[0]?.pvW.values.fill(-1);
      const nodes = [node('LV2', 500)];
      await store.writeIssue({ grid: forecastGridFor(issuedAt, 8), nodes, segmentCount: 1 }, meta);
      nodes[0]?.evW.values.fill(-1);

      expect(Array.from((await store.segmentForecast('s3'))?.pvW.values ?? [])).toEqual(Array.from(filled(400).values));
      expect(Array.from((await store.nodeForecast('LV2'))?.evW.values ?? [])).toEqual(Array.from(filled(502).values));
    });
  });
}
