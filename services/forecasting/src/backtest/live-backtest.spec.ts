import { create } from '@bufbuild/protobuf';
import { GridNodeSchema, SegmentSchema } from '@trottoir/contracts';
import { createQuantileSeries, forecastGridFor } from '@trottoir/forecasting-domain';
import type { NodeForecastResult } from '@trottoir/forecasting-domain';
import { HOUR_MS, ISP_MS, ManualClock } from '@trottoir/kernel';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { FleetView } from '../fleet/fleet-view';
import { ForecastingMetrics } from '../forecasting.metrics';
import { InMemoryForecastSkillLog } from '../store/forecast-skill-log.in-memory';
import { LiveBacktest } from './live-backtest';

const ISSUED_AT = Date.UTC(2026, 5, 21, 8, 2);

describe('LiveBacktest', () => {
  it('scores a node\'s forecast once its interval is measured, against both references, and records it', async () => {
    const fleet = new FleetView();
    fleet.putGridNodes([create(GridNodeSchema, { nodeId: 'SS' }), create(GridNodeSchema, { nodeId: 'LV', parentId: 'SS' })]);
    fleet.putSegments([create(SegmentSchema, { segmentId: 's1', gridNodeId: 'LV' }), create(SegmentSchema, { segmentId: 's2', gridNodeId: 'LV' })]);
    const registry = createMetricsRegistry('forecasting', { processMetrics: false });
    const clock = new ManualClock(ISSUED_AT + 2 * HOUR_MS);
    const metrics = new ForecastingMetrics(registry, clock);
    const skillLog = new InMemoryForecastSkillLog();
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const backtest = new LiveBacktest(fleet, skillLog, metrics, createLogger({ service: 'forecasting', destination: silent }), clock);

    const grid = forecastGridFor(ISSUED_AT, 8);
    const pvW = createQuantileSeries(8);
    // P10 800, P25 900, P50 1000, P75 1100, P90 1200 W at every step.
    [800, 900, 1000, 1100, 1200].forEach((value, level) => pvW.values.fill(value, level * 8, (level + 1) * 8));
    const node = (nodeId: string): NodeForecastResult => ({
      nodeId,
      segments: 2,
      peakPowerW: 4_000,
      pvW,
      lightsW: createQuantileSeries(8),
      evW: createQuantileSeries(8),
      pvReferences: { smartPersistenceW: new Float64Array(8).fill(1_500), climatologyW: new Float64Array(8).fill(600) },
    });
    await backtest.issued({ grid, nodes: [node('LV'), node('SS')] });
    // The 1-hour forecast is of the interval ending one hour after the issue: 08:45–09:00 here (step 2).
    const measuredTs = grid.startTs + 2 * ISP_MS;
    backtest.observed([
      { segmentId: 's1', ts: measuredTs, pvPowerW: 500, lightsPowerW: 0, evPowerW: 0, samples: 3 },
      { segmentId: 's2', ts: measuredTs, pvPowerW: 600, lightsPowerW: 0, evPowerW: 0, samples: 3 },
    ]);
    await backtest.score();

    const skill = await metrics.skill.get();
    const at = (reference: string) => skill.values.find((value) => value.labels.horizon === '1h' && value.labels.reference === reference)?.value;
    // Measured 1,100 W: forecast error 100 W, smart persistence 400 W, climatology 500 W.
    expect(at('smart_persistence')).toBeCloseTo(1 - 100 / 400, 3);
    expect(at('climatology')).toBeCloseTo(1 - 100 / 500, 3);
    expect((await metrics.coverage.get()).values.find((value) => value.labels.horizon === '1h')?.value).toBe(1);
    const recorded = skillLog.records.find((record) => record.scores.horizon === '1h');
    expect([recorded?.scores.horizon, recorded?.scores.n]).toEqual(['1h', 2]);
  });
});
