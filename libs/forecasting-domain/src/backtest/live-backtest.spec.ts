import { DAY_MS, ISP_MS } from '@trottoir/kernel';
import { describe, expect, it } from 'vitest';

import type { QuarterHourObservation } from '../fleet/fleet-intervals';
import type { NodeForecastResult } from '../fleet/fleet-forecast';
import { forecastGridFor } from '../grid/forecast-grid';
import { createQuantileSeries } from '../grid/quantile-series';
import { createLiveBacktest, expireLiveBacktest, observeSegmentPv, rememberIssue, scoreLiveBacktest } from './live-backtest';

/** 08:02 UTC: the grid starts at 08:15, so the 1-hour forecast is of 08:45–09:00 (step 2). */
const ISSUED_AT = Date.UTC(2026, 5, 21, 8, 2);
const ONE_HOUR_STEP = 2;
/** LV feeds SS; s1 and s2 are below LV. */
const NODES_ABOVE: Record<string, readonly string[]> = { s1: ['LV', 'SS'], s2: ['LV', 'SS'] };
const nodesAbove = (segmentId: string) => NODES_ABOVE[segmentId] ?? [];

interface NodeFlows {
  readonly nodeId?: string;
  /** P10 … P90 at every step, W. */
  readonly quantilesW?: readonly number[];
  readonly smartPersistenceW?: number;
  readonly climatologyW?: number;
  readonly withReferences?: boolean;
}

function aNodeForecast(steps: number, flows: NodeFlows = {}): NodeForecastResult {
  const pvW = createQuantileSeries(steps);
  (flows.quantilesW ?? [800, 900, 1000, 1100, 1200]).forEach((valueW, level) => pvW.values.fill(valueW, level * steps, (level + 1) * steps));
  const references = { smartPersistenceW: new Float64Array(steps).fill(flows.smartPersistenceW ?? 1_500), climatologyW: new Float64Array(steps).fill(flows.climatologyW ?? 600) };
  return {
    nodeId: flows.nodeId ?? 'LV',
    segments: 2,
    peakPowerW: 4_000,
    pvW,
    lightsW: createQuantileSeries(steps),
    evW: createQuantileSeries(steps),
    ...(flows.withReferences === false ? {} : { pvReferences: references }),
  };
}

function measured(ts: number, pvW: Record<string, number>): QuarterHourObservation[] {
  return Object.entries(pvW).map(([segmentId, pvPowerW]) => ({ segmentId, ts, pvPowerW, lightsPowerW: 0, evPowerW: 0, samples: 3 }));
}

function issued(steps: number, ...nodes: NodeFlows[]) {
  const state = createLiveBacktest();
  const grid = forecastGridFor(ISSUED_AT, steps);
  rememberIssue(state, { grid, nodes: (nodes.length > 0 ? nodes : [{}]).map((flows) => aNodeForecast(steps, flows)) });
  return { state, grid, stepTs: (step: number) => grid.startTs + step * ISP_MS };
}

describe('live backtest', () => {
  it('pairs a node forecast with the sum of its segments once its interval is measured, and scores it against both references', () => {
    const { state, stepTs } = issued(8);

    observeSegmentPv(state, measured(stepTs(ONE_HOUR_STEP), { s1: 500, s2: 600 }), nodesAbove);

    // Measured 1,100 W: forecast (P50) error 100 W, smart persistence 400 W, climatology 500 W.
    expect(scoreLiveBacktest(state)).toEqual([
      { horizon: '1h', n: 1, mae: 100, rmse: 100, nmae: 0.025, skillVsSmartPersistence: 0.75, skillVsClimatology: 0.8, pinball: 28, coverageP10P90: 1 },
    ]);
  });

  it('pairs every grid node above the segments, each with its own forecast', () => {
    const { state, stepTs } = issued(8, { nodeId: 'LV' }, { nodeId: 'SS', quantilesW: [2_000, 2_000, 2_000, 2_000, 2_000] });

    observeSegmentPv(state, measured(stepTs(ONE_HOUR_STEP), { s1: 500, s2: 600 }), nodesAbove);

    expect(scoreLiveBacktest(state)).toMatchObject([{ horizon: '1h', n: 2, mae: (100 + 900) / 2 }]);
  });

  it('waits for the interval the horizon ends on: other intervals, and segments outside the fleet, pair nothing', () => {
    const { state, stepTs } = issued(8);

    observeSegmentPv(state, [...measured(stepTs(ONE_HOUR_STEP - 1), { s1: 500 }), ...measured(stepTs(ONE_HOUR_STEP + 1), { s1: 500 })], nodesAbove);
    observeSegmentPv(state, measured(stepTs(ONE_HOUR_STEP), { elsewhere: 500 }), nodesAbove);
    expect(scoreLiveBacktest(state)).toEqual([]);

    observeSegmentPv(state, measured(stepTs(ONE_HOUR_STEP), { s1: 500 }), nodesAbove);
    expect(scoreLiveBacktest(state)).toMatchObject([{ horizon: '1h', n: 1 }]);
  });

  it('lays each horizon on the interval ending that long after the issue, and leaves out horizons beyond the grid', () => {
    const { state, stepTs } = issued(94);

    // 1 h, 3 h, 6 h and 24 h end in steps 2, 10, 22 and 94: one past this grid's last step.
    for (const step of [2, 10, 22, 94]) observeSegmentPv(state, measured(stepTs(step), { s1: 500 }), nodesAbove);

    expect(scoreLiveBacktest(state).map((scores) => [scores.horizon, scores.n])).toEqual([
      ['1h', 1],
      ['3h', 1],
      ['6h', 1],
    ]);
  });

  it('scores daytime intervals only (forecast P90 or measurement above zero), and only where both references exist', () => {
    const night = issued(8, { quantilesW: [0, 0, 0, 0, 0] });
    observeSegmentPv(night.state, measured(night.stepTs(ONE_HOUR_STEP), { s1: 0 }), nodesAbove);
    expect(scoreLiveBacktest(night.state)).toEqual([]);

    const measuredByDay = issued(8, { quantilesW: [0, 0, 0, 0, 0] });
    observeSegmentPv(measuredByDay.state, measured(measuredByDay.stepTs(ONE_HOUR_STEP), { s1: 50 }), nodesAbove);
    expect(scoreLiveBacktest(measuredByDay.state)).toMatchObject([{ n: 1 }]);

    const unreferenced = issued(8, { withReferences: false });
    observeSegmentPv(unreferenced.state, measured(unreferenced.stepTs(ONE_HOUR_STEP), { s1: 500 }), nodesAbove);
    expect(scoreLiveBacktest(unreferenced.state)).toEqual([]);
  });

  it('keeps a pair for 7 days, and a forecast waiting for its measurement for 2', () => {
    const scored = issued(8);
    const pairTs = scored.stepTs(ONE_HOUR_STEP);
    observeSegmentPv(scored.state, measured(pairTs, { s1: 500 }), nodesAbove);
    expireLiveBacktest(scored.state, pairTs + 7 * DAY_MS);
    expect(scoreLiveBacktest(scored.state)).toMatchObject([{ n: 1 }]);
    expireLiveBacktest(scored.state, pairTs + 7 * DAY_MS + 1);
    expect(scoreLiveBacktest(scored.state)).toEqual([]);

    const late = issued(8);
    const intervalTs = late.stepTs(ONE_HOUR_STEP);
    expireLiveBacktest(late.state, intervalTs + 2 * DAY_MS);
    expect(late.state.pending.size).toBe(1);
    expireLiveBacktest(late.state, intervalTs + 2 * DAY_MS + 1);
    observeSegmentPv(late.state, measured(intervalTs, { s1: 500 }), nodesAbove);
    expect(scoreLiveBacktest(late.state)).toEqual([]);
  });
});
