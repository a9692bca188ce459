/**
 * The per-minute node state end to end on the real PostgreSQL and Kafka broker: telemetry rows
 * written with TelemetryWriter, one cycle of the Nest module at an injected instant, the published
 * grid.node-state.v1 of every node checked against sums worked out by hand, the REST view, a
 * late row re-aggregated by the next cycle, and a restart that rolls up what was open when it stopped.
 */
import { Module } from '@nestjs/common';
import type { GridNodeState } from '@trottoir/contracts';
import { topics } from '@trottoir/contracts';
import type { MessageBus } from '@trottoir/messaging';
import { KafkaMessageBus, decodeEvent } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import type { TelemetryRow } from '@trottoir/persistence';
import { DirtyIntervalStore, TelemetryWriter, TimeSeriesSchema, createPgPool, runMigrations } from '@trottoir/persistence';
import type { RunningService } from '@trottoir/service-runtime';
import { InMemoryLeases, startHttpService } from '@trottoir/service-runtime';
import type { TestDatabase } from '@trottoir/testing';
import { bearer, createTestDatabase, testAccessSettings } from '@trottoir/testing';
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { Pool } from 'pg';

import { ApplicationRegistry } from '../registry/application-registry';
import { inMemoryRegistryModule } from './in-memory-registry.fixture';
import { LatestNodeStates } from './latest-node-states';
import { PgMinuteRollups } from './minute-rollups.pg';
import { NODE_STATE_LEASE, NodeStateCycle } from './node-state.cycle';
import { loadNodeStateConfig } from './node-state.config';
import { NodeStateMetrics } from './node-state.metrics';
import { NodeStateModule } from './node-state.module';
import { at, smallGrid } from './small-grid.fixture';

const run = crypto.randomBytes(4).toString('hex');
const { id, nodes, segments, reading, firstReadings } = smallGrid(run);
/** The injected clock of the service under test. */
let nowTs = at(12, 1, 10);

@Module({ imports: [inMemoryRegistryModule(nodes, segments), NodeStateModule.register({ env: {} })] })
class NodeStateTestModule {}

describe('grid node state every minute (PostgreSQL + Kafka)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let bus: KafkaMessageBus;
  let service: RunningService;
  const metrics = createMetricsRegistry('ingestion', { processMetrics: false });
  const received = new Map<string, GridNodeState[]>();

  const write = async (rows: TelemetryRow[]) => new TelemetryWriter(pool, await TimeSeriesSchema.detect(pool), { clock: { now: () => nowTs } }).write(rows);
  const statesFor = async (intervalStartTs: number): Promise<Map<string, GridNodeState>> => {
    const expected = nodes.map((node) => node.nodeId);
    await vi.waitFor(() => expect(expected.every((nodeId) => received.get(nodeId)?.some((s) => s.intervalStart === intervalStartTs))).toBe(true), {
      timeout: 60_000,
      interval: 100,
    });
    return new Map(expected.map((nodeId) => [nodeId, received.get(nodeId)?.find((s) => s.intervalStart === intervalStartTs) as GridNodeState]));
  };

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    await runMigrations(database.url);
    pool = createPgPool(database.url, { max: 4 });
    bus = new KafkaMessageBus({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: `node-state-${run}` });
    await bus.connect();
    await bus.ensureTopics([topics.gridNodeState]);
    await bus.subscribe(topics.gridNodeState, { groupId: `node-state-test-${run}` }, async (batch) => {
      for (const message of batch.messages) {
        const state = decodeEvent(topics.gridNodeState, message);
        received.set(state.nodeId, [...(received.get(state.nodeId) ?? []), state]);
      }
    });
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    service = await startHttpService(
      {
        name: 'ingestion',
        portOffset: 0,
        module: NodeStateTestModule,
        usesDatabase: true,
      },
      { name: 'ingestion', bus: bus as MessageBus, pool, clock: { now: () => nowTs }, logger: createLogger({ service: 'ingestion', destination: silent }), metrics, access: testAccessSettings() },
      { host: '127.0.0.1', port: 0 },
    );

    await write(firstReadings);
  });

  afterAll(async () => {
    await service?.close();
    await bus?.close();
    await pool?.end();
    await database?.drop();
  });

  it('publishes one state per node whose sums match the hand computation', async () => {
    await service.app.get(NodeStateCycle).run();
    const states = await statesFor(at(12, 0));
    const pick = (name: string) => {
      const { pvPowerW, loadPowerW, netPowerW, segmentsReporting, segmentsStale, intervalMs, computedAt } = states.get(id(name)) as GridNodeState;
      return { pvPowerW, loadPowerW, netPowerW, segmentsReporting, segmentsStale, intervalMs, computedAt };
    };
    const common = { intervalMs: 60_000, computedAt: at(12, 1, 10) };
    expect(pick('LV1')).toEqual({ ...common, pvPowerW: 1100, netPowerW: -400, loadPowerW: 700, segmentsReporting: 2, segmentsStale: 0 });
    expect(pick('LV2')).toEqual({ ...common, pvPowerW: 500, netPowerW: 6500, loadPowerW: 7000, segmentsReporting: 1, segmentsStale: 0 });
    expect(pick('LV3')).toEqual({ ...common, pvPowerW: 0, netPowerW: 0, loadPowerW: 0, segmentsReporting: 0, segmentsStale: 1 });
    expect(pick('SS1')).toEqual({ ...common, pvPowerW: 1600, netPowerW: 6100, loadPowerW: 7700, segmentsReporting: 3, segmentsStale: 0 });
    expect(pick('SS2')).toEqual(pick('LV3'));
    expect(pick('MV1')).toEqual({ ...common, pvPowerW: 1600, netPowerW: 6100, loadPowerW: 7700, segmentsReporting: 3, segmentsStale: 1 });
    expect(pick('PS')).toEqual(pick('MV1'));
  });

  it('exports segment liveness and the published count as metrics', async () => {
    const segmentsGauge = await metrics.getSingleMetric('trottoir_segments')?.get();
    expect(Object.fromEntries((segmentsGauge?.values ?? []).map((value) => [value.labels.state, value.value]))).toEqual({ online: 3, stale: 1, offline: 2 });
    const published = await metrics.getSingleMetric('trottoir_node_state_published_total')?.get();
    expect(published?.values[0].value).toBe(nodes.length);
  });

  it('serves the latest state of a node over REST, and 404 for a node without one', async () => {
    const response = await fetch(`${service.url}/v1/grid-nodes/${id('PS')}/state`, { headers: bearer({ roles: ['ops-viewer'] }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      nodeId: id('PS'),
      intervalStart: '2026-11-30T12:00:00.000Z',
      pvPowerW: 1600,
      segmentsReporting: 3,
      segmentsStale: 1,
      segmentsOffline: 2,
      segmentsTotal: 6,
    });
    expect((await fetch(`${service.url}/v1/grid-nodes/nowhere/state`, { headers: bearer({ roles: ['ops-viewer'] }) })).status).toBe(404);
  });

  it('re-aggregates the interval of a late row on the next cycle', async () => {
    const minuteOf = async (table: string) =>
      (
        await pool.query<{ net: number; count: string }>(`select avg_net_power_w as net, sample_count::text as count from ${table} where segment_id = $1 and bucket = $2`, [
          id('s2'),
          new Date(at(11, 30)),
        ])
      ).rows[0];
    expect(await minuteOf('telemetry_1m')).toEqual({ net: 100, count: '1' });

    nowTs = at(12, 2, 10);
    const lateTs = at(11, 30, 40);
    await write([reading('s2', lateTs, { pv: 0, net: 300 })]);
    // What the ingestion pipeline does for a late reading.
    await new DirtyIntervalStore(pool).mark([lateTs]);
    await service.app.get(NodeStateCycle).run();

    expect(await minuteOf('telemetry_1m')).toEqual({ net: 200, count: '2' });
    expect(await minuteOf('telemetry_15m')).toEqual({ net: 200, count: '2' });
    expect((await pool.query('select 1 from telemetry_dirty_interval')).rowCount).toBe(0);
    // The next minute was published too: s1's 12:01 reading is in it.
    expect((await statesFor(at(12, 1))).get(id('LV1'))).toMatchObject({ pvPowerW: 5000, segmentsReporting: 1 });
  });

  it('after a restart, the first cycle rolls up the quarter-hour and hour that were still open when the process stopped', async () => {
    const bucketOf = async (table: string, bucketTs: number) =>
      (await pool.query<{ count: string }>(`select sample_count::text as count from ${table} where segment_id = $1 and bucket = $2`, [id('s3'), new Date(bucketTs)])).rows[0]?.count;
    expect(await bucketOf('telemetry_15m', at(12, 0))).toBe('1');
    // A reading stored after the last cycle; then the process stops, and starts again at 13:30.
    await write([reading('s3', at(12, 3, 30), { pv: 100, net: 100 })]);
    nowTs = at(13, 30, 10);
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const registry = service.app.get(ApplicationRegistry);
    const restarted = new NodeStateCycle({
      rollups: new PgMinuteRollups(pool),
      bus,
      segments: registry,
      topology: registry,
      clock: { now: () => nowTs },
      config: loadNodeStateConfig({}),
      metrics: new NodeStateMetrics(createMetricsRegistry('ingestion-restarted', { processMetrics: false })),
      latest: new LatestNodeStates(),
      logger: createLogger({ service: 'ingestion', destination: silent }),
      lease: new InMemoryLeases().lease(NODE_STATE_LEASE),
    });
    await restarted.run();

    expect(await bucketOf('telemetry_15m', at(12, 0))).toBe('2');
    expect(await bucketOf('telemetry_1h', at(12, 0))).toBe('2');
  });
});
