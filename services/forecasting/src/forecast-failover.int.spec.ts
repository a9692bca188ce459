/**
 * Scale-out of the quarter-hour forecast on the real PostgreSQL and Kafka broker: two replicas of the
 * forecasting module (two Nest applications, each with its own pool and PostgreSQL leases) and a third
 * one in a child process. The child holds the `forecast` lease and is SIGKILLed: one replica issues while
 * the other stands by. Then the holder's lease session is ended by the server (its process lives on, as
 * after a network cut): the standby issues the next quarter-hour, the former holder stands by, and
 * forecast.node.v1 holds every node's forecast of every quarter-hour exactly once, as does forecast_issue.
 */
import crypto from 'node:crypto';
import { Writable } from 'node:stream';

import { create } from '@bufbuild/protobuf';
import { Module } from '@nestjs/common';
import { GridNodeKind, GridNodeSchema, SegmentSchema, topics } from '@trottoir/contracts';
import { DAY_MS, ISP_MS, ManualClock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import { KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import { createPgPool } from '@trottoir/persistence';
import type { RunningService } from '@trottoir/service-runtime';
import { PgLeases, startHttpService } from '@trottoir/service-runtime';
import { TopicRecorder, childHoldingLease, testAccessSettings, useMigratedDatabase } from '@trottoir/testing';
import type { Pool } from 'pg';

import type { CycleOutcome } from './cycle/forecast.cycle';
import { FORECAST_LEASE, ForecastCycle } from './cycle/forecast.cycle';
import { FleetView } from './fleet/fleet-view';
import { ForecastModule } from './forecast.module';

const run = crypto.randomBytes(4).toString('hex');
const id = (name: string) => `${name}-${run}`;
/** The first quarter-hour: 2026-06-21 10:00 UTC (daylight in Lyon), a few seconds in. */
const T0 = Date.UTC(2026, 5, 21, 10, 0, 5);
const clock = new ManualClock(T0);
const silent = () => createLogger({ service: 'forecasting', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

/** PS ─ LV1 (s1, s2), LV2 (s3). */
const nodes = [
  ['PS', '', GridNodeKind.PRIMARY_SUBSTATION],
  ['LV1', 'PS', GridNodeKind.LV_FEEDER],
  ['LV2', 'PS', GridNodeKind.LV_FEEDER],
].map(([nodeId, parentId, kind]) => create(GridNodeSchema, { nodeId: id(nodeId as string), parentId: parentId ? id(parentId as string) : '', kind: kind as GridNodeKind, ratedLimitW: 400_000 }));
const segments = (
  [
    ['s1', 'LV1'],
    ['s2', 'LV1'],
    ['s3', 'LV2'],
  ] as const
).map(([segmentId, gridNodeId], index) =>
  create(SegmentSchema, {
    segmentId: id(segmentId),
    gridNodeId: id(gridNodeId),
    commissionedAt: T0 - 10 * DAY_MS,
    location: { latDeg: 45.76 + index * 0.001, lonDeg: 4.84 },
    pv: { areaM2: 40, peakPowerW: 5_000, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: 5_000 },
    lighting: { count: 4, ratedPowerWEach: 60, minDimmingPct: 20 },
    evConnectors: [{ connectorId: 'c1', maxPowerW: 22_000 }],
  }),
);

/** No first cycle of its own during the spec (the maximum delay): each quarter-hour is run by the spec. */
@Module({ imports: [ForecastModule.register({ env: { TROTTOIR_FORECAST_FIRST_DELAY_MS: String(ISP_MS), TROTTOIR_FORECAST_WARMUP_DAYS: '1' } })] })
class ForecastReplicaModule {}

interface Replica {
  service: RunningService;
  pool: Pool;
  leases: PgLeases;
  run(): Promise<CycleOutcome | undefined>;
}

describe('forecasts with two replicas and a third killed (PostgreSQL + Kafka)', () => {
  const db = useMigratedDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const replicas: Replica[] = [];
  let transport: KafkaMessageBus;
  let recorder: TopicRecorder;
  let databaseUrl: string;

  const startReplica = async (holder: string): Promise<Replica> => {
    const pool = createPgPool(databaseUrl, { max: 4 });
    const bus = new NamespacedMessageBus(transport, `spec-${run}`);
    const leases = new PgLeases(pool, { holder, sessionTimeoutMs: 30_000 });
    const service = await startHttpService(
      { name: 'forecasting', portOffset: 1, module: ForecastReplicaModule, usesDatabase: true },
      { name: 'forecasting', bus: bus as MessageBus, pool, clock, logger: silent(), metrics: createMetricsRegistry('forecasting', { processMetrics: false }), access: testAccessSettings(), instanceId: holder, leases },
      { host: '127.0.0.1', port: 0 },
    );
    const fleet = service.app.get(FleetView);
    await vi.waitFor(() => expect(segments.every((segment) => fleet.segment(segment.segmentId))).toBe(true), { timeout: 60_000, interval: 200 });
    const replica = { service, pool, leases, run: () => service.app.get(ForecastCycle).run() };
    replicas.push(replica);
    return replica;
  };

  beforeAll(async () => {
    databaseUrl = (db.pool.options as { connectionString: string }).connectionString;
    transport = new KafkaMessageBus({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: `forecast-failover-${run}` });
    await transport.connect();
    const namespaced = new NamespacedMessageBus(transport, `spec-${run}`);
    await namespaced.ensureTopics([topics.fleetGridNode, topics.fleetSegment, topics.forecastNode, topics.forecastSegment, topics.weatherForecast, topics.weatherDlq]);
    await namespaced.publish(topics.fleetGridNode, nodes, { source: 'spec' });
    await namespaced.publish(topics.fleetSegment, segments, { source: 'spec' });
    recorder = await TopicRecorder.start(namespaced, [topics.forecastNode]);
  });

  afterAll(async () => {
    await recorder?.stop();
    for (const replica of replicas) {
      await replica.service.close();
      await replica.pool.end();
    }
    await transport?.close();
  });

  it('fails over twice, issuing every node of every quarter-hour exactly once', async () => {
    const killed = await childHoldingLease(databaseUrl, FORECAST_LEASE);
    const [a, b] = [await startReplica('replica-a'), await startReplica('replica-b')];

    // The child holds the lease: neither replica issues.
    expect([await a.run(), await b.run()]).toEqual([undefined, undefined]);
    // SIGKILL: no shutdown hook runs; the server frees the lock when it sees the connection close.
    await killed.kill();
    await vi.waitFor(async () => expect(await a.leases.lease(FORECAST_LEASE).acquire()).toBeDefined(), { timeout: 30_000, interval: 100 });
    expect((await a.run())?.issuedAt).toBe(T0);
    expect(await b.run()).toBeUndefined();

    clock.set(T0 + ISP_MS);
    expect([(await a.run())?.issuedAt, await b.run()]).toEqual([T0 + ISP_MS, undefined]);

    // The holder's lease session ends (the server kills it; the process lives on and does not know yet).
    const pid = a.leases.lease(FORECAST_LEASE).backendPid();
    expect((await db.pool.query<{ ended: boolean }>('select pg_terminate_backend($1) as ended', [pid])).rows[0].ended).toBe(true);
    clock.set(T0 + 2 * ISP_MS);
    expect((await b.run())?.issuedAt).toBe(T0 + 2 * ISP_MS);
    // The former holder finds its session gone and stands by, this quarter-hour and the next.
    expect(await a.run()).toBeUndefined();
    clock.set(T0 + 3 * ISP_MS);
    expect([await a.run(), (await b.run())?.issuedAt]).toEqual([undefined, T0 + 3 * ISP_MS]);

    const expected = 4 * nodes.length;
    await recorder.waitFor(topics.forecastNode, expected, 60_000);
    const counts = new Map<string, number>();
    for (const forecast of recorder.events(topics.forecastNode)) {
      const key = `${forecast.nodeId}@${new Date(forecast.issuedAt).toISOString()}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(expected);
    expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    const issues = await db.pool.query<{ issued_at: Date }>('select issued_at from forecast_issue order by issued_at');
    expect(issues.rows.map((row) => row.issued_at.getTime())).toEqual([0, 1, 2, 3].map((quarter) => T0 + quarter * ISP_MS));

    const holders = await db.pool.query<{ epoch: string; holder: string }>('select epoch::text, holder from service_lease where name = $1', [FORECAST_LEASE]);
    // The child's term, replica a's, then replica b's: each acquisition a later term.
    expect(holders.rows).toEqual([{ epoch: String(killed.epoch + 2), holder: 'replica-b' }]);
  });
});
