/**
 * Scale-out of the minute node state on the real PostgreSQL and Kafka broker: two replicas of the
 * node-state module (two Nest applications, each with its own pool and leases) and a third one in a
 * child process. The child holds the lease and is SIGKILLed: the lease is free as soon as the server
 * sees its connection close, and one replica runs the cycle while the other stands by. Then the
 * holder's lease session is ended by the server (its process lives on, as after a network cut): the
 * standby takes over at the next minute, the former holder stands by, and grid.node-state.v1 holds
 * every node's minute exactly once, while the standby's REST view follows the holder's states on the topic.
 * Last, the holder stops gracefully and the other takes over at once.
 */
import crypto from 'node:crypto';
import { Writable } from 'node:stream';

import { Module } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { MessageBus } from '@trottoir/messaging';
import { KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import type { Registry } from '@trottoir/observability';
import { TelemetryWriter, TimeSeriesSchema, createPgPool } from '@trottoir/persistence';
import type { RunningService } from '@trottoir/service-runtime';
import { PgLeases, startHttpService } from '@trottoir/service-runtime';
import { TopicRecorder, bearer, childHoldingLease, testAccessSettings, useMigratedDatabase } from '@trottoir/testing';
import type { Pool } from 'pg';

import { inMemoryRegistryModule } from './in-memory-registry.fixture';
import type { CycleSummary } from './node-state.cycle';
import { NODE_STATE_LEASE, NodeStateCycle } from './node-state.cycle';
import { NodeStateModule } from './node-state.module';
import { at, smallGrid } from './small-grid.fixture';

const run = crypto.randomBytes(4).toString('hex');
const { nodes, segments, firstReadings } = smallGrid(run);
let nowTs = at(12, 1, 10);
const silent = () => createLogger({ service: 'ingestion', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

@Module({ imports: [inMemoryRegistryModule(nodes, segments), NodeStateModule.register({ env: {} })] })
class NodeStateReplicaModule {}

interface Replica {
  service: RunningService;
  pool: Pool;
  bus: MessageBus;
  leases: PgLeases;
  metrics: Registry;
  run(): Promise<CycleSummary | undefined>;
}

describe('grid node state with two replicas and a third killed (PostgreSQL + Kafka)', () => {
  const db = useMigratedDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const replicas: Replica[] = [];
  let recorder: TopicRecorder;
  let transport: KafkaMessageBus;
  let databaseUrl: string;

  const startReplica = async (holder: string): Promise<Replica> => {
    const pool = createPgPool(databaseUrl, { max: 3 });
    const bus = new NamespacedMessageBus(transport, `spec-${run}`);
    const leases = new PgLeases(pool, { holder, sessionTimeoutMs: 30_000 });
    const metrics = createMetricsRegistry('ingestion', { processMetrics: false });
    const service = await startHttpService(
      { name: 'ingestion', portOffset: 0, module: NodeStateReplicaModule, usesDatabase: true },
      { name: 'ingestion', bus, pool, clock: { now: () => nowTs }, logger: silent(), metrics, access: testAccessSettings(), instanceId: holder, leases },
      { host: '127.0.0.1', port: 0 },
    );
    const replica = { service, pool, bus, leases, metrics, run: () => service.app.get(NodeStateCycle).run() };
    replicas.push(replica);
    return replica;
  };
  const leaseHeld = async (replica: Replica) => (await replica.metrics.getSingleMetric('trottoir_lease_held')?.get())?.values.find((value) => value.labels.lease === NODE_STATE_LEASE)?.value;

  beforeAll(async () => {
    databaseUrl = (db.pool.options as { connectionString: string }).connectionString;
    transport = new KafkaMessageBus({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: `node-state-failover-${run}` });
    await transport.connect();
    const namespaced = new NamespacedMessageBus(transport, `spec-${run}`);
    await namespaced.ensureTopics([topics.gridNodeState]);
    recorder = await TopicRecorder.start(namespaced, [topics.gridNodeState]);
    await new TelemetryWriter(db.pool, await TimeSeriesSchema.detect(db.pool), { clock: { now: () => nowTs } }).write(firstReadings);
  });

  afterAll(async () => {
    await recorder?.stop();
    for (const replica of replicas) {
      await replica.service.close();
      await replica.pool.end();
    }
    await transport?.close();
  });

  it('fails over once, publishing every node of every minute exactly once', async () => {
    const killed = await childHoldingLease(databaseUrl, NODE_STATE_LEASE);
    const [a, b] = [await startReplica('replica-a'), await startReplica('replica-b')];

    // The child holds the lease: neither replica runs the cycle.
    expect([await a.run(), await b.run()]).toEqual([undefined, undefined]);
    // SIGKILL: no shutdown hook runs; the server frees the lock when it sees the connection close.
    await killed.kill();
    await vi.waitFor(async () => expect(await a.leases.lease(NODE_STATE_LEASE).acquire()).toBeDefined(), { timeout: 30_000, interval: 100 });
    expect((await a.run())?.intervalStartTs).toBe(at(12, 0));
    expect(await b.run()).toBeUndefined();
    expect([await leaseHeld(a), await leaseHeld(b)]).toEqual([1, 0]);
    expect(a.leases.lease(NODE_STATE_LEASE).held()).toBe(true);

    nowTs = at(12, 2, 10);
    expect([(await a.run())?.intervalStartTs, await b.run()]).toEqual([at(12, 1), undefined]);

    // The holder's lease session ends (the server kills it; the process lives on and does not know yet).
    const pid = a.leases.lease(NODE_STATE_LEASE).backendPid();
    expect((await db.pool.query<{ ended: boolean }>('select pg_terminate_backend($1) as ended', [pid])).rows[0].ended).toBe(true);
    nowTs = at(12, 3, 10);
    expect((await b.run())?.intervalStartTs).toBe(at(12, 2));
    // The former holder finds its session gone and stands by, this minute and the next.
    expect(await a.run()).toBeUndefined();
    nowTs = at(12, 4, 10);
    expect([await a.run(), (await b.run())?.intervalStartTs]).toEqual([undefined, at(12, 3)]);
    expect([await leaseHeld(a), await leaseHeld(b)]).toEqual([0, 1]);

    // Every node's 12:03 state arrived: a duplicate of an earlier minute (same key, same partition) would be before it.
    const expected = 4 * nodes.length;
    await recorder.waitFor(topics.gridNodeState, expected, 60_000);
    const counts = new Map<string, number>();
    for (const state of recorder.events(topics.gridNodeState)) counts.set(`${state.nodeId}@${new Date(state.intervalStart).toISOString()}`, (counts.get(`${state.nodeId}@${new Date(state.intervalStart).toISOString()}`) ?? 0) + 1);
    expect(counts.size).toBe(expected);
    expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);

    // The standby's REST view is the holder's, through the topic: a load balancer may send an operator to either.
    const viewed = nodes[nodes.length - 1].nodeId;
    await vi.waitFor(
      async () => {
        const response = await fetch(`${a.service.url}/v1/grid-nodes/${viewed}/state`, { headers: bearer({ roles: ['ops-viewer'] }) });
        expect(((await response.json()) as { intervalStart?: string }).intervalStart).toBe(new Date(at(12, 3)).toISOString());
      },
      { timeout: 30_000, interval: 200 },
    );

    const epochs = await db.pool.query<{ epoch: string; holder: string }>('select epoch::text, holder from service_lease where name = $1', [NODE_STATE_LEASE]);
    // The child's term, replica a's, then replica b's: each acquisition a later term.
    expect(epochs.rows).toEqual([{ epoch: String(killed.epoch + 2), holder: 'replica-b' }]);

    // A graceful stop releases the lease: the other replica takes it at its next run, without waiting.
    await b.service.close();
    replicas.splice(replicas.indexOf(b), 1);
    await b.pool.end();
    nowTs = at(12, 5, 10);
    expect((await a.run())?.intervalStartTs).toBe(at(12, 4));
  });
});
