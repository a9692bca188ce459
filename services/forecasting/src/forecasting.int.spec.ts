/**
 * The forecaster end to end on the real PostgreSQL and Kafka broker: three days of telemetry stored
 * with TelemetryWriter and rolled up as ingestion does, the fleet published on the compacted fleet
 * topics, one cycle of the Nest module at an injected instant; then every grid node's forecast is
 * read back from forecast.node.v1 and checked (issuedAt, 48 h grid, night zero, ordered quantiles,
 * daytime PV), the issue is in the database and on the REST API, and bad weather goes to the DLQ.
 */
import { create } from '@bufbuild/protobuf';
import type { NodeForecast, SegmentForecast } from '@trottoir/contracts';
import { allTopics, GridNodeKind, GridNodeSchema, SegmentSchema, WeatherForecastSchema, WeatherIntervalSchema, topics } from '@trottoir/contracts';
import { DAY_MS, HOUR_MS, ISP_MS, ManualClock, MINUTE_MS } from '@trottoir/kernel';
import { decodeEvent, KafkaMessageBus } from '@trottoir/messaging';
import type { MessageBus, ReceivedMessage } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import type { TelemetryRow } from '@trottoir/persistence';
import { TelemetryWriter, TimeSeriesSchema, createPgPool, runMigrations } from '@trottoir/persistence';
import type { RunningService } from '@trottoir/service-runtime';
import { startHttpService } from '@trottoir/service-runtime';
import { clearSky, pvPower, sunPosition } from '@trottoir/solar';
import type { TestDatabase } from '@trottoir/testing';
import { bearer, createTestDatabase, testAccessSettings } from '@trottoir/testing';
import { Module } from '@nestjs/common';
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { Pool } from 'pg';

import { FleetView } from './fleet/fleet-view';
import { ForecastModule } from './forecast.module';
import { ForecastingRunner } from './forecasting.runner';

const run = crypto.randomBytes(4).toString('hex');
const id = (name: string) => `${name}-${run}`;
/** Issue time: 2026-06-21 04:02 UTC, just before sunrise in Lyon; three days of history before it. */
const ISSUED_AT = Date.UTC(2026, 5, 21, 4, 2);
const HISTORY_FROM = ISSUED_AT - 3 * DAY_MS;
const LYON = { latitudeDeg: 45.76, longitudeDeg: 4.84, elevationM: 170 };
/** The service's clock, given to it in its ServiceContext. */
const clock = new ManualClock(ISSUED_AT);

/** PS ─ MV ─ SS ─ LV1 (s1, s2), LV2 (s3). */
const nodes = [
  ['PS', '', GridNodeKind.PRIMARY_SUBSTATION],
  ['MV', 'PS', GridNodeKind.MV_FEEDER],
  ['SS', 'MV', GridNodeKind.SECONDARY_SUBSTATION],
  ['LV1', 'SS', GridNodeKind.LV_FEEDER],
  ['LV2', 'SS', GridNodeKind.LV_FEEDER],
].map(([nodeId, parentId, kind]) => create(GridNodeSchema, { nodeId: id(nodeId as string), parentId: parentId ? id(parentId as string) : '', kind: kind as GridNodeKind, ratedLimitW: 400_000 }));
const segments = (
  [
    ['s1', 'LV1', 4_000],
    ['s2', 'LV1', 6_000],
    ['s3', 'LV2', 5_000],
  ] as const
).map(([segmentId, gridNodeId, peakPowerW], index) =>
  create(SegmentSchema, {
    segmentId: id(segmentId),
    gridNodeId: id(gridNodeId),
    commissionedAt: HISTORY_FROM - DAY_MS,
    location: { latDeg: LYON.latitudeDeg + index * 0.001, lonDeg: LYON.longitudeDeg },
    pv: { areaM2: peakPowerW / 130, peakPowerW, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: peakPowerW },
    lighting: { count: 4, ratedPowerWEach: 60, minDimmingPct: 20 },
    evConnectors: [{ connectorId: 'c1', maxPowerW: 22_000 }],
  }),
);

/** Readings every 5 minutes: PV of a clear sky × a cloud factor × 0.6 (road tiles), lights at night, an EV in the evening. */
function history(): TelemetryRow[] {
  const rows: TelemetryRow[] = [];
  for (let ts = HISTORY_FROM; ts < ISSUED_AT - MINUTE_MS; ts += 5 * MINUTE_MS) {
    const sun = sunPosition(ts, LYON);
    const sky = clearSky(ts, LYON, sun);
    const clouds = 0.75 + 0.25 * Math.sin(ts / HOUR_MS);
    for (const segment of segments) {
      const pv = segment.pv!;
      const pvW = pvPower({ peakPowerW: pv.peakPowerW, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: pv.inverterLimitW }, sun, { irradiance: sky, airTempC: 20, windSpeedMs: 2 }, ts).acPowerW * 0.6 * clouds;
      const lightsW = sun.apparentElevationDeg < -2 ? 240 : 0;
      const hourUtc = new Date(ts).getUTCHours();
      const evW = hourUtc >= 16 && hourUtc < 18 ? 11_000 : 0;
      rows.push({
        segmentId: segment.segmentId,
        ts,
        pvPowerW: pvW,
        lightsPowerW: lightsW,
        evPowerW: evW,
        batteryPowerW: 0,
        batterySocPct: null,
        netPowerW: lightsW + evW - pvW,
        meterImportWh: 0,
        meterExportWh: 0,
        lightsDimmingPct: lightsW > 0 ? 100 : 0,
        evSessionsActive: evW > 0 ? 1 : 0,
      });
    }
  }
  return rows;
}

@Module({ imports: [ForecastModule.register({ env: { TROTTOIR_FORECAST_FIRST_DELAY_MS: '0', TROTTOIR_FORECAST_WARMUP_DAYS: '4' } })] })
class ForecastTestModule {}

describe('forecasting from stored telemetry to published node forecasts (PostgreSQL + Kafka)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let bus: KafkaMessageBus;
  let service: RunningService;
  const metrics = createMetricsRegistry('forecasting', { processMetrics: false });
  const nodeForecasts = new Map<string, NodeForecast>();
  const segmentForecasts = new Map<string, SegmentForecast>();
  const deadLetters: ReceivedMessage[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    await runMigrations(database.url);
    pool = createPgPool(database.url, { max: 4 });
    const schema = await TimeSeriesSchema.detect(pool);
    await new TelemetryWriter(pool, schema, { clock: { now: () => ISSUED_AT } }).write(history());
    await schema.refreshRollups(HISTORY_FROM, ISSUED_AT);

    bus = new KafkaMessageBus({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: `forecasting-${run}` });
    await bus.connect();
    await bus.ensureTopics(allTopics);
    await bus.publish(topics.fleetGridNode, nodes, { source: 'spec' });
    await bus.publish(topics.fleetSegment, segments, { source: 'spec' });
    const groupId = `forecast-spec-${run}`;
    await bus.subscribe(topics.weatherDlq, { groupId }, async (batch) => void deadLetters.push(...batch.messages));
    await bus.subscribe(topics.forecastNode, { groupId }, async (batch) => {
      for (const forecast of batch.messages.map((message) => decodeEvent(batch.topic, message))) {
        if (forecast.nodeId.endsWith(run)) nodeForecasts.set(forecast.nodeId, forecast);
      }
    });
    await bus.subscribe(topics.forecastSegment, { groupId }, async (batch) => {
      for (const forecast of batch.messages.map((message) => decodeEvent(batch.topic, message))) {
        if (forecast.segmentId.endsWith(run)) segmentForecasts.set(forecast.segmentId, forecast);
      }
    });
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    service = await startHttpService(
      { name: 'forecasting', portOffset: 1, module: ForecastTestModule, usesDatabase: true },
      { name: 'forecasting', bus: bus as MessageBus, pool, clock, logger: createLogger({ service: 'forecasting', destination: silent }), metrics, access: testAccessSettings() },
      { host: '127.0.0.1', port: 0 },
    );
  });

  afterAll(async () => {
    await service?.close();
    await bus?.close();
    await pool?.end();
    await database?.drop();
  });

  it('publishes a forecast of every grid node, issued now, 48 h of ordered quantiles, zero at night', async () => {
    // The fleet arrives through the compacted topics.
    const fleet = service.app.get(FleetView);
    await vi.waitFor(() => {
      expect(segments.every((segment) => fleet.segment(segment.segmentId))).toBe(true);
      expect(nodes.every((node) => fleet.gridNode(node.nodeId))).toBe(true);
    }, { timeout: 60_000, interval: 200 });
    await service.app.get(ForecastingRunner).runNow();
    await vi.waitFor(() => expect(nodes.every((node) => nodeForecasts.has(node.nodeId))).toBe(true), { timeout: 60_000, interval: 200 });

    for (const node of nodes) {
      const forecast = nodeForecasts.get(node.nodeId) as NodeForecast;
      expect(forecast.issuedAt).toBe(ISSUED_AT);
      expect(forecast.startTs).toBe(Math.ceil(ISSUED_AT / ISP_MS) * ISP_MS);
      expect(forecast.steps).toBe(192);
      for (const flow of [forecast.pv, forecast.lights, forecast.ev]) {
        const traces = flow?.quantiles ?? [];
        expect(traces.map((trace) => trace.level)).toEqual([0.1, 0.25, 0.5, 0.75, 0.9]);
        for (let step = 0; step < 192; step++) {
          for (let level = 1; level < traces.length; level++) expect(traces[level]!.valuesW[step]).toBeGreaterThanOrEqual(traces[level - 1]!.valuesW[step]!);
        }
      }
      const median = forecast.pv!.quantiles[2]!.valuesW;
      const p90 = forecast.pv!.quantiles[4]!.valuesW;
      // 22:00–02:00 UTC the next night (steps from 04:15): no sun in Lyon in June.
      for (let step = 71; step < 87; step++) expect(p90[step]).toBe(0);
      // Solar noon (~11:40 UTC) of the issue day: production, below the fleet's peak power.
      const noonStep = Math.round((Date.UTC(2026, 5, 21, 11, 30) - forecast.startTs) / ISP_MS);
      expect(median[noonStep]).toBeGreaterThan(0);
      expect(p90[noonStep]).toBeLessThanOrEqual(15_000);
    }
    expect(nodeForecasts.get(id('PS'))?.segments).toBe(3);
    expect(nodeForecasts.get(id('LV1'))?.segments).toBe(2);
    expect([...segmentForecasts.keys()].sort()).toEqual(segments.map((segment) => segment.segmentId).sort());
  });

  it('learned the street lights and the evening EV habit from the stored telemetry', () => {
    const forecast = nodeForecasts.get(id('PS')) as NodeForecast;
    const at = (hourUtc: number, day = 0) => Math.round((Date.UTC(2026, 5, 21 + day, hourUtc) - forecast.startTs) / ISP_MS);
    const lightsMedian = forecast.lights!.quantiles[2]!.valuesW;
    expect(lightsMedian[at(0, 1)]).toBeGreaterThan(0);
    expect(lightsMedian[at(12)]).toBe(0);
    const evP90 = forecast.ev!.quantiles[4]!.valuesW;
    expect(evP90[at(17)]).toBeGreaterThan(evP90[at(9)]!);
  });

  it('stores the issue and serves it over REST, latest by default, filtered by from/to', async () => {
    const issues = await pool.query<{ segments: number; nodes: number }>('select segments, nodes from forecast_issue where issued_at = $1', [new Date(ISSUED_AT)]);
    expect(issues.rows[0]?.segments).toBeGreaterThanOrEqual(3);
    const from = '2026-06-21T12:00:00.000Z';
    const response = await fetch(`${service.url}/v1/forecasts/nodes/${id('LV1')}?from=${from}&to=2026-06-21T13:00:00Z`, { headers: bearer({ roles: ['market'] }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { issuedAt: string; segments: number; intervals: Array<{ start: string; pvW: Record<string, number> }> };
    expect(body.issuedAt).toBe(new Date(ISSUED_AT).toISOString());
    expect(body.segments).toBe(2);
    expect(body.intervals.map((interval) => interval.start)).toEqual(['12:00', '12:15', '12:30', '12:45'].map((time) => `2026-06-21T${time}:00.000Z`));
    expect(Object.keys(body.intervals[0]!.pvW)).toEqual(['P10', 'P25', 'P50', 'P75', 'P90']);

    const segment = await fetch(`${service.url}/v1/forecasts/segments/${id('s3')}`, { headers: bearer({ roles: ['market'] }) });
    expect(segment.status).toBe(200);
    expect(((await segment.json()) as { intervals: unknown[]; gridNodeId: string }).gridNodeId).toBe(id('LV2'));

    const bad = await fetch(`${service.url}/v1/forecasts/nodes/${id('LV1')}?from=yesterday`, { headers: bearer({ roles: ['market'] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/from must be an ISO 8601 time/);
    expect((await fetch(`${service.url}/v1/forecasts/nodes/nowhere`, { headers: bearer({ roles: ['market'] }) })).status).toBe(404);
    expect((await fetch(`${service.url}/v1/forecasts/nodes/${id('LV1')}?issuedAt=2020-01-01T00:00:00Z`, { headers: bearer({ roles: ['market'] }) })).status).toBe(404);
  });

  it('sends bad weather forecasts to weather.dlq.v1 with their reason, and takes a good one as an input of the next issue', async () => {
    const good = create(WeatherForecastSchema, {
      provider: 'spec',
      locationId: id('lyon'),
      latDeg: LYON.latitudeDeg,
      lonDeg: LYON.longitudeDeg,
      issuedAt: ISSUED_AT - HOUR_MS,
      intervals: Array.from({ length: 48 }, (_, hour) => create(WeatherIntervalSchema, { startTs: ISSUED_AT - HOUR_MS + hour * HOUR_MS, intervalMs: HOUR_MS, cloudCoverPct: 100, airTempC: 15 })),
    });
    const outOfRange = create(WeatherForecastSchema, { ...good, locationId: id('bad-range'), intervals: [create(WeatherIntervalSchema, { startTs: ISSUED_AT, intervalMs: HOUR_MS, cloudCoverPct: 180 })] });
    await bus.publish(topics.weatherForecast, [good, outOfRange], { source: 'spec' });
    await bus.publishRecords(topics.weatherForecast, [{ key: id('garbage'), value: Buffer.from('not a protobuf at all, just words'), headers: {} }]);

    await vi.waitFor(() => expect(deadLetters.filter((message) => message.key.endsWith(run))).toHaveLength(2), { timeout: 60_000, interval: 200 });
    const reasons = Object.fromEntries(deadLetters.map((message) => [message.key, message.headers['dlq-reason-code']]));
    expect(reasons).toMatchObject({ [id('bad-range')]: 'OUT_OF_RANGE', [id('garbage')]: 'DECODE_FAILED' });
    expect(deadLetters.find((message) => message.key === id('garbage'))?.value.toString()).toBe('not a protobuf at all, just words');
    await vi.waitFor(async () => expect((await pool.query('select 1 from weather_forecast where location_id = $1', [id('lyon')])).rowCount).toBe(1), { timeout: 30_000 });

    // The next cycle, a quarter-hour later, takes the provider's forecast as an input (the model weighs it
    // by how well such forecasts matched past outcomes: a new feed starts with little weight).
    clock.set(ISSUED_AT + ISP_MS);
    await service.app.get(ForecastingRunner).runNow();
    await vi.waitFor(() => expect(nodeForecasts.get(id('PS'))?.issuedAt).toBe(clock.now()), { timeout: 30_000, interval: 200 });
    const issue = await pool.query<{ weather_locations: number }>('select weather_locations from forecast_issue where issued_at = $1', [new Date(clock.now())]);
    expect(issue.rows[0]?.weather_locations).toBe(1);
  });
});
