import { create } from '@bufbuild/protobuf';
import { GridNodeSchema, SegmentSchema, topics } from '@trottoir/contracts';
import type { IssuedNodeForecasts, QuarterHourObservation } from '@trottoir/forecasting-domain';
import { createQuantileSeries, forecastGridFor } from '@trottoir/forecasting-domain';
import { DAY_MS, ISP_MS, ispStart, ManualClock } from '@trottoir/kernel';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import { InMemoryLeases, InMemoryLeaseTable } from '@trottoir/service-runtime';
import { TopicRecorder } from '@trottoir/testing';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { ModelForecastEngine } from '../engine/model-forecast-engine';
import { FleetView } from '../fleet/fleet-view';
import { loadForecastingConfig } from '../forecasting.config';
import { ForecastingMetrics } from '../forecasting.metrics';
import { InMemoryForecastStore } from '../store/forecast.store.in-memory';
import { InMemoryRollupHistory } from '../store/rollup-history.in-memory';
import { InMemoryWeatherStore } from '../store/weather.store.in-memory';
import { InMemoryLearnedStateStore } from '../checkpoint/learned-state.in-memory';
import type { LearnedStateStore } from '../checkpoint/learned-state.port';
import { FORECAST_LEASE, ForecastCycle } from './forecast.cycle';
import type { CycleObserver } from './forecast.cycle';
import { ForecastPublisher } from './forecast.publisher';

/** 12:02 UTC: the quarter-hours before 12:00 are complete. */
const ISSUED_AT = Date.UTC(2026, 5, 21, 12, 2);

/** SS ─ LV (s1, s2), near Lyon. */
function aFleet(): FleetView {
  const fleet = new FleetView();
  fleet.putGridNodes([create(GridNodeSchema, { nodeId: 'SS' }), create(GridNodeSchema, { nodeId: 'LV', parentId: 'SS' })]);
  const pv = { areaM2: 30, peakPowerW: 4_000, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: 4_000 };
  fleet.putSegments(['s1', 's2'].map((segmentId) => create(SegmentSchema, { segmentId, gridNodeId: 'LV', location: { latDeg: 45.76, lonDeg: 4.84 }, pv })));
  return fleet;
}

/** Both segments' quarter-hours from `fromTs` to `toTs`, 1 kW of PV each. */
function quarterHours(fromTs: number, toTs: number): QuarterHourObservation[] {
  const observations: QuarterHourObservation[] = [];
  for (let ts = fromTs; ts < toTs; ts += ISP_MS) {
    for (const segmentId of ['s1', 's2']) observations.push({ segmentId, ts, pvPowerW: 1_000, lightsPowerW: 0, evPowerW: 0, samples: 3 });
  }
  return observations;
}

interface Shared {
  clock: ManualClock;
  bus: InProcessMessageBus;
  history: InMemoryRollupHistory;
  store: InMemoryForecastStore;
}

interface CycleOptions {
  readonly now?: number;
  readonly history?: InMemoryRollupHistory;
  readonly checkpoints?: LearnedStateStore;
  readonly observers?: readonly CycleObserver[];
  readonly modelVersion?: string;
  /** With `leases`, a replica of another cycle (same clock, bus, database, lease table). */
  readonly shared?: Shared;
  readonly leases?: InMemoryLeases;
}

async function aCycle(fleet = aFleet(), options: CycleOptions = {}) {
  const { shared } = options;
  const clock = shared?.clock ?? new ManualClock(options.now ?? ISSUED_AT);
  const bus = shared?.bus ?? new InProcessMessageBus();
  if (!shared) await bus.ensureTopics([topics.forecastNode, topics.forecastSegment]);
  const history = shared?.history ?? options.history ?? new InMemoryRollupHistory();
  const store = shared?.store ?? new InMemoryForecastStore();
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const registry = createMetricsRegistry('forecasting', { processMetrics: false });
  const cycle = new ForecastCycle({
    engine: new ModelForecastEngine(loadForecastingConfig({})),
    fleet,
    history,
    weather: new InMemoryWeatherStore(),
    store,
    publisher: new ForecastPublisher(bus, clock),
    metrics: new ForecastingMetrics(registry, clock),
    logger: createLogger({ service: 'forecasting', destination: silent }),
    config: loadForecastingConfig({
      TROTTOIR_FORECAST_WARMUP_DAYS: '1',
      TROTTOIR_FORECAST_STEPS: '8',
      TROTTOIR_FORECAST_SEGMENT_RETENTION_DAYS: '1',
      ...(options.modelVersion ? { TROTTOIR_FORECAST_MODEL_VERSION: options.modelVersion } : {}),
    }),
    clock,
    ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
    ...(options.observers ? { observers: options.observers } : {}),
    lease: (options.leases ?? new InMemoryLeases()).lease(FORECAST_LEASE),
  });
  return { cycle, clock, bus, history, store, registry };
}

describe('ForecastCycle', () => {
  it('learns every complete quarter-hour once: the first cycle from the warm-up days, the next from what came since', async () => {
    const { cycle, clock, history } = await aCycle();
    const nowIsp = ispStart(ISSUED_AT);
    history.record(quarterHours(nowIsp - 2 * DAY_MS, nowIsp + ISP_MS));

    expect((await cycle.run())?.observations).toBe(2 * 96);
    clock.advance(ISP_MS);
    expect((await cycle.run())?.observations).toBe(2);
    expect((await cycle.run())?.observations).toBe(0);
  });

  it('stores the issue, publishes it, prunes segment forecasts past their retention, and never overwrites an issue', async () => {
    const { cycle, bus, store } = await aCycle();
    const recorder = await TopicRecorder.start(bus, [topics.forecastNode, topics.forecastSegment]);
    const twoDaysAgo = ISSUED_AT - 2 * DAY_MS;
    const old = { segmentId: 's1', gridNodeId: 'LV', pvW: createQuantileSeries(8), lightsW: createQuantileSeries(8), evW: createQuantileSeries(8) };
    await store.writeSegments(twoDaysAgo, [old]);
    await store.writeIssue({ grid: forecastGridFor(twoDaysAgo, 8), nodes: [{ ...old, nodeId: 'LV', segments: 1, peakPowerW: 4_000 }], segmentCount: 1 }, { modelVersion: 'spec/0', durationMs: 1, weatherLocations: 0 });

    expect(await cycle.run()).toMatchObject({ issuedAt: ISSUED_AT, segments: 2, nodes: 2, stored: true });
    expect((await store.nodeForecast('SS'))?.issuedAt).toBe(ISSUED_AT);
    expect((await store.segmentForecast('s2'))?.gridNodeId).toBe('LV');
    expect((await recorder.waitFor(topics.forecastNode, 2)).map((message) => message.key).sort()).toEqual(['LV', 'SS']);
    expect((await recorder.waitFor(topics.forecastSegment, 2)).map((message) => message.key).sort()).toEqual(['s1', 's2']);
    expect(await store.segmentForecast('s1', twoDaysAgo)).toBeUndefined();
    expect((await store.nodeForecast('LV', twoDaysAgo))?.modelVersion).toBe('spec/0');

    expect(await cycle.run()).toMatchObject({ issuedAt: ISSUED_AT, stored: false });
    await recorder.stop();
  });

  it('exposes each node\'s band (P10, P50, P90) for the interval under way, from the first interval until the forecast runs out', async () => {
    const { cycle, clock, history, store, registry } = await aCycle();
    history.record(quarterHours(ispStart(ISSUED_AT) - DAY_MS, ispStart(ISSUED_AT)));
    const band = async () => (await registry.getSingleMetric('trottoir_forecast_node_power_w')!.get()).values;
    expect(await band()).toEqual([]);
    await cycle.run();

    const pvOf = async (nodeId: string) =>
      Object.fromEntries((await band()).filter((value) => value.labels.node_id === nodeId && value.labels.flow === 'pv').map((value) => [value.labels.quantile, value.value]));
    const forecast = (await store.nodeForecast('SS'))!;
    // 12:02 is before the first interval (12:15): that interval stands for now; then 12:30 is the second.
    // (The store keeps float32: to the watt.)
    const ss = await pvOf('SS');
    expect(Object.keys(ss).sort()).toEqual(['0.1', '0.5', '0.9']);
    expect(ss['0.1']).toBeCloseTo(forecast.pvW.values[0 * 8], 0);
    expect(ss['0.5']).toBeCloseTo(forecast.pvW.values[2 * 8], 0);
    expect(ss['0.9']).toBeCloseTo(forecast.pvW.values[4 * 8], 0);
    expect(ss['0.1']).toBeLessThan(ss['0.9']);
    clock.advance(28 * 60_000);
    expect((await pvOf('LV'))['0.5']).toBeCloseTo((await store.nodeForecast('LV'))!.pvW.values[2 * 8 + 1], 0);
    expect((await band()).some((value) => value.labels.flow === 'ev')).toBe(true);
    clock.advance(3 * DAY_MS);
    expect(await band()).toEqual([]);
  });

  describe('killed after a cycle and restarted', () => {
    /** Every value the issue's node forecasts hold (float64, before storage rounds them to float32). */
    const nodeValuesOf = (issues: IssuedNodeForecasts[]): number[] => issues.flatMap((issue) => issue.nodes.flatMap((node) => [...node.pvW.values, ...node.lightsW.values, ...node.evW.values]));
    const recorder = (issues: IssuedNodeForecasts[]): CycleObserver => ({ observed: () => undefined, issued: (issue) => void issues.push(issue) });

    /** Two days of quarter-hours up to the second issue, PV varying so the csi models have something to learn. */
    function sharedHistory(): InMemoryRollupHistory {
      const history = new InMemoryRollupHistory();
      const observations: QuarterHourObservation[] = [];
      for (let ts = ispStart(ISSUED_AT) - 2 * DAY_MS; ts < ispStart(ISSUED_AT) + ISP_MS; ts += ISP_MS) {
        const k = ts / ISP_MS;
        for (const segmentId of ['s1', 's2']) observations.push({ segmentId, ts, pvPowerW: 600 + 500 * Math.sin(k * 0.7), lightsPowerW: 0, evPowerW: k % 5 === 0 ? 7_000 : 0, samples: 3 });
      }
      history.record(observations);
      return history;
    }

    it('issues the next forecast exactly as the uninterrupted process does, learning only the quarter-hour since', async () => {
      const history = sharedHistory();
      const checkpoints = new InMemoryLearnedStateStore();
      const uninterrupted: IssuedNodeForecasts[] = [];
      const before = await aCycle(aFleet(), { history, checkpoints, observers: [recorder(uninterrupted)] });
      await before.cycle.run();

      // The process dies here; a new one starts 15 minutes later with nothing but the database.
      const afterRestart: IssuedNodeForecasts[] = [];
      const restarted = await aCycle(aFleet(), { now: ISSUED_AT + ISP_MS, history, checkpoints, observers: [recorder(afterRestart)] });
      expect(await restarted.cycle.run()).toMatchObject({ issuedAt: ISSUED_AT + ISP_MS, observations: 2 });

      before.clock.advance(ISP_MS);
      await before.cycle.run();
      expect(uninterrupted).toHaveLength(2);
      expect(nodeValuesOf(afterRestart)).toEqual(nodeValuesOf(uninterrupted.slice(1)));
      expect((await restarted.store.segmentForecast('s1'))?.pvW.values).toEqual((await before.store.segmentForecast('s1'))?.pvW.values);
    });

    it('re-learns the warm-up days instead of reading a checkpoint of another model version', async () => {
      const history = sharedHistory();
      const checkpoints = new InMemoryLearnedStateStore();
      await (await aCycle(aFleet(), { history, checkpoints })).cycle.run();

      const upgraded = await aCycle(aFleet(), { now: ISSUED_AT + ISP_MS, history, checkpoints, modelVersion: 'trottoir-forecast/2' });
      expect(await upgraded.cycle.run()).toMatchObject({ observations: 2 * 96 });
    });
  });

  it('issues in one replica: the other stands by, takes over at the next quarter-hour when the holder dies, and never issues a quarter-hour twice', async () => {
    const table = new InMemoryLeaseTable();
    const [first, second] = [new InMemoryLeases(table), new InMemoryLeases(table)];
    const a = await aCycle(aFleet(), { leases: first });
    const b = await aCycle(aFleet(), { shared: a, leases: second });
    const recorder = await TopicRecorder.start(a.bus, [topics.forecastNode]);

    expect((await a.cycle.run())?.issuedAt).toBe(ISSUED_AT);
    expect(await b.cycle.run()).toBeUndefined();
    expect([a.cycle.standingBy, b.cycle.standingBy]).toEqual([false, true]);
    // The holder dies within its quarter-hour: the standby takes the lease but not that quarter-hour.
    table.sever(first);
    a.clock.advance(5 * 60_000);
    expect(await b.cycle.run()).toBeUndefined();
    expect(b.cycle.standingBy).toBe(false);
    a.clock.advance(10 * 60_000);
    expect((await b.cycle.run())?.issuedAt).toBe(ISSUED_AT + 15 * 60_000);
    expect(await a.cycle.run()).toBeUndefined();

    await recorder.waitFor(topics.forecastNode, 4);
    expect(recorder.events(topics.forecastNode).map((forecast) => `${forecast.nodeId}@${forecast.issuedAt}`).sort()).toEqual(
      [`LV@${ISSUED_AT}`, `LV@${ISSUED_AT + 15 * 60_000}`, `SS@${ISSUED_AT}`, `SS@${ISSUED_AT + 15 * 60_000}`],
    );
    await recorder.stop();
  });

  it('skips a cycle while the fleet is still unknown', async () => {
    const { cycle, store } = await aCycle(new FleetView());

    expect(await cycle.run()).toBeUndefined();
    expect(cycle.issuedCount).toBe(0);
    expect(await store.latestIssuedAt()).toBeUndefined();
  });
});
