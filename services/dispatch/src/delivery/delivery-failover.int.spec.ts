/**
 * Delivery tracking fail-over on the real Kafka broker and PostgreSQL: two replicas of the whole dispatch
 * service, A in a child process (so that it can be SIGKILLed) and B in this one. Six simulated segments
 * below a feeder report every second on telemetry.validated.v2, obey and acknowledge their setpoints,
 * but one: it neither applies nor acknowledges them. A answers the request and takes the order (six
 * 10-second ISPs); it closes the first ISP, then it is killed. B adopts the order (the server freed A's
 * tracker lease with its connection), loses the silent segment when its acknowledgement falls due and
 * re-dispatches around it, and measures the rest. Every ISP's final figures are stored once and on
 * flex.delivery.v1 once.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { create } from '@bufbuild/protobuf';
import type { FlexOffer, SegmentSetpoint } from '@trottoir/contracts';
import { allTopics, FlexOrderSchema, FlexOrderStatus, FlexRequestSchema, GridNodeKind, SegmentTelemetrySchema, SetpointAckSchema, SetpointAckStatus, TelemetryBatchSchema, topics } from '@trottoir/contracts';
import { systemClock } from '@trottoir/kernel';
import { KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import type { Registry } from '@trottoir/observability';
import { createPgPool } from '@trottoir/persistence';
import type { RunningService } from '@trottoir/service-runtime';
import { startHttpService } from '@trottoir/service-runtime';
import { TopicRecorder, testAccessSettings, useMigratedDatabase } from '@trottoir/testing';
import type { Pool } from 'pg';

import { dispatchService } from '../index';
import { PgFlexStore } from '../store/flex-store.pg';
import { PgOrderTracking } from '../store/order-tracking.pg';
import { gridNode, segment } from '../testing/dispatch.harness';

const run = crypto.randomBytes(4).toString('hex');
const namespace = `spec-failover-${run}`;
const root = path.resolve(__dirname, '../../../..');
const ISP_MS = 10_000;
const ISPS = 6;
const SEGMENTS = ['s1', 's2', 's3', 's4', 's5', 's6'];
const ENV = {
  TROTTOIR_DISPATCH_ISP_MS: String(ISP_MS),
  TROTTOIR_DISPATCH_DELIVERY_INTERVAL_MS: '1000',
  // Falls due after A is killed (it is killed once the first ISP is closed, 10–20 s after the order) and before the last ISP.
  TROTTOIR_DISPATCH_ACK_TIMEOUT_MS: '45000',
  TROTTOIR_DISPATCH_REBOUND_ISPS: '1',
};
const silentLogger = () => createLogger({ service: 'dispatch', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

/** Replica A in a child process; resolves once it runs, with the child to kill. Its log goes to a file, kept if the spec fails. */
function childReplica(databaseUrl: string, logFile: string): Promise<{ child: ChildProcess; kill(): Promise<number> }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, '../testing/dispatch-replica.fixture.ts')], {
    cwd: root,
    env: { ...process.env, ...ENV, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json'), DATABASE_URL: databaseUrl, NAMESPACE: namespace, INSTANCE_ID: 'dispatch-a' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.pipe(fs.createWriteStream(logFile));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`replica A exited (${code ?? signal}) before it ran: see ${logFile}`));
    });
    child.stdout?.once('data', () =>
      resolve({
        child,
        kill: async () => {
          child.kill('SIGKILL');
          expect(await exited).toBe('SIGKILL');
          return Date.now();
        },
      }),
    );
  });
}

describe('delivery tracking with two dispatch replicas, one killed (PostgreSQL + Kafka)', () => {
  const db = useMigratedDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  let transport: KafkaMessageBus;
  let bus: NamespacedMessageBus;
  let recorder: TopicRecorder;
  let databaseUrl: string;
  let replicaA: { child: ChildProcess; kill(): Promise<number> } | undefined;
  let replicaB: { service: RunningService; pool: Pool; metrics: Registry } | undefined;
  let simulator: NodeJS.Timeout | undefined;
  const logFile = path.join(os.tmpdir(), `dispatch-failover-${run}.log`);

  /** The segment that neither applies nor acknowledges: the first one the order commands. */
  let silent: string | undefined;
  const acknowledged = new Set<string>();

  /** Every second: each segment reports, obeying the latest setpoint in force (but the silent one), and acknowledges new setpoints. */
  async function simulate(): Promise<void> {
    const nowTs = Date.now();
    const setpoints = recorder.events(topics.dispatchSetpoint);
    const inForce = new Map<string, SegmentSetpoint>();
    for (const setpoint of setpoints) if (setpoint.ts <= nowTs && setpoint.validUntil > nowTs) inForce.set(setpoint.segmentId, setpoint);
    const readings = SEGMENTS.map((segmentId) => {
      const command = segmentId === silent ? undefined : inForce.get(segmentId);
      const pvPowerW = Math.min(3_000, command?.pvLimitW ?? Infinity);
      const batteryPowerW = command?.batteryPowerW ?? 0;
      return create(SegmentTelemetrySchema, { segmentId, ts: nowTs, pvPowerW, lightsPowerW: 0, evPowerW: 0, batteryPowerW, batterySocPct: 50, netPowerW: batteryPowerW - pvPowerW });
    });
    await bus.publish(topics.telemetryValidated, [create(TelemetryBatchSchema, { readings })], { source: 'spec', time: nowTs });
    const acks = [];
    for (const setpoint of setpoints) {
      const commands = setpoint.pvLimitW !== undefined || setpoint.batteryPowerW !== undefined || setpoint.evLimitW !== undefined || setpoint.lightsDimmingPct !== undefined;
      silent ??= commands ? setpoint.segmentId : undefined;
      if (setpoint.segmentId === silent || acknowledged.has(setpoint.setpointId)) continue;
      acknowledged.add(setpoint.setpointId);
      acks.push(create(SetpointAckSchema, { setpointId: setpoint.setpointId, segmentId: setpoint.segmentId, status: SetpointAckStatus.APPLIED, ackedAt: nowTs }));
    }
    if (acks.length > 0) await bus.publish(topics.dispatchAck, acks, { source: 'spec', time: nowTs });
  }

  async function startReplicaB(): Promise<{ service: RunningService; pool: Pool; metrics: Registry }> {
    const saved = { ...process.env };
    Object.assign(process.env, ENV);
    try {
      const pool = createPgPool(databaseUrl, { max: 4 });
      const metrics = createMetricsRegistry('dispatch', { processMetrics: false });
      const service = await startHttpService(
        dispatchService,
        { name: 'dispatch', bus: new NamespacedMessageBus(transport, namespace), pool, clock: systemClock, logger: silentLogger(), metrics, access: testAccessSettings(), instanceId: 'dispatch-b' },
        { host: '127.0.0.1', port: 0 },
      );
      return { service, pool, metrics };
    } finally {
      process.env = saved;
    }
  }

  beforeAll(async () => {
    databaseUrl = (db.pool.options as { connectionString: string }).connectionString;
    transport = new KafkaMessageBus({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: `delivery-failover-${run}` });
    await transport.connect();
    bus = new NamespacedMessageBus(transport, namespace);
    await bus.ensureTopics(allTopics);
    await bus.publish(topics.fleetGridNode, [gridNode('PS', '', GridNodeKind.PRIMARY_SUBSTATION), gridNode('SS1', 'PS', GridNodeKind.SECONDARY_SUBSTATION), gridNode('LV1', 'SS1', GridNodeKind.LV_FEEDER)], { source: 'spec', time: Date.now() });
    await bus.publish(topics.fleetSegment, SEGMENTS.map((segmentId) => segment(segmentId, 'LV1')), { source: 'spec', time: Date.now() });
    recorder = await TopicRecorder.start(bus, [topics.flexOffer, topics.flexOrderResponse, topics.flexDelivery, topics.dispatchSetpoint]);
    simulator = setInterval(() => void simulate().catch(() => undefined), 1_000);
  });

  afterAll(async () => {
    clearInterval(simulator);
    replicaA?.child.kill('SIGKILL');
    await replicaB?.service.close();
    await replicaB?.pool.end();
    await recorder?.stop();
    await transport?.close();
  });

  it('moves the order to the surviving replica, which re-dispatches it and publishes each final once', async () => {
    replicaA = await childReplica(databaseUrl, logFile);

    // A alone answers: ask until its segments are fresh and it offers what is asked.
    const deltaW = 12_000;
    let offer: FlexOffer | undefined;
    let isps: { ispStart: number; deltaW: number }[] = [];
    await vi.waitFor(
      async () => {
        const nowTs = Date.now();
        const firstIspStart = Math.ceil((nowTs + 8_000) / ISP_MS) * ISP_MS;
        isps = Array.from({ length: ISPS }, (_, i) => ({ ispStart: firstIspStart + i * ISP_MS, deltaW }));
        const request = create(FlexRequestSchema, { requestId: `req-${crypto.randomUUID()}`, dsoId: 'dso-1', nodeId: 'LV1', ispMs: ISP_MS, isps, expiresAt: firstIspStart, requestedAt: nowTs });
        await bus.publish(topics.flexRequest, [request], { source: 'spec', time: nowTs });
        const answer = await vi.waitFor(() => recorder.events(topics.flexOffer).find((candidate) => candidate.requestId === request.requestId) ?? Promise.reject(new Error('no offer yet')), { timeout: 20_000, interval: 200 });
        offer = answer;
        expect(answer.isps.map((isp) => isp.offeredDeltaW)).toEqual(isps.map(() => deltaW));
      },
      { timeout: 90_000, interval: 2_000 },
    );
    const order = create(FlexOrderSchema, { orderId: `order-${run}`, offerId: offer?.offerId, nodeId: 'LV1', dsoId: 'dso-1', isps, orderedAt: Date.now() });
    await bus.publish(topics.flexOrder, [order], { source: 'spec', time: Date.now() });
    const response = await vi.waitFor(() => recorder.events(topics.flexOrderResponse).find((candidate) => candidate.orderId === order.orderId) ?? Promise.reject(new Error('no response yet')), { timeout: 30_000, interval: 200 });
    expect(response.status).toBe(FlexOrderStatus.ACCEPTED);
    const tracking = new PgOrderTracking(db.pool);
    const store = new PgFlexStore(db.pool);
    // Tracked once stored, just after the response.
    await vi.waitFor(async () => expect(await tracking.tracked(order.orderId)).toMatchObject({ owner: 'dispatch-a', epoch: 1 }), { timeout: 10_000, interval: 100 });

    // B joins; A's order stays A's while A lives.
    replicaB = await startReplicaB();
    const finals = () => recorder.events(topics.flexDelivery).filter((delivery) => delivery.orderId === order.orderId && delivery.final);
    await vi.waitFor(() => expect(finals().map((delivery) => delivery.ispStart)).toEqual([isps[0].ispStart]), { timeout: 60_000, interval: 200 });
    expect((await tracking.tracked(order.orderId))?.owner).toBe('dispatch-a');
    expect(silent).toBeDefined();

    // A is killed mid-order: no shutdown hook runs.
    const killedAt = await replicaA.kill();
    await vi.waitFor(async () => expect(await tracking.tracked(order.orderId)).toMatchObject({ owner: 'dispatch-b', epoch: 2 }), { timeout: 60_000, interval: 100 });
    const takeOverMs = Date.now() - killedAt;
    const adopted = (await replicaB.metrics.getSingleMetric('trottoir_dispatch_orders_adopted_total')?.get())?.values[0]?.value;
    expect(adopted).toBe(1);

    // The silent segment's acknowledgement falls due at B: lost, and re-dispatched around by B.
    await vi.waitFor(
      async () => expect((await store.redispatches(order.orderId)).filter((redispatch) => redispatch.at > killedAt).map((redispatch) => redispatch.reason)).toContainEqual(expect.stringMatching(/^lost-segments/)),
      { timeout: 60_000, interval: 500 },
    );
    const lostRedispatch = (await store.redispatches(order.orderId)).find((redispatch) => redispatch.at > killedAt && redispatch.reason.startsWith('lost-segments'));
    expect(lostRedispatch?.problem.segments.map((s) => s.id)).not.toContain(silent);

    // Every ISP closed. The deliveries share a key (the node): a duplicate of an earlier final would be on the topic before the last one.
    await vi.waitFor(() => expect(finals().map((delivery) => delivery.ispStart)).toContain(isps[ISPS - 1].ispStart), { timeout: 90_000, interval: 500 });
    const perIsp = new Map<number, number>();
    for (const final of finals()) perIsp.set(final.ispStart, (perIsp.get(final.ispStart) ?? 0) + 1);
    expect([...perIsp]).toEqual(isps.map((isp) => [isp.ispStart, 1]));
    const stored = await store.deliveries(order.orderId);
    expect(stored.map((delivery) => delivery.ispStart)).toEqual(isps.map((isp) => isp.ispStart));
    for (const final of finals()) expect(stored.find((delivery) => delivery.ispStart === final.ispStart)?.deliveredW).toBeCloseTo(final.deliveredW, 6);
    expect(stored[ISPS - 1].segmentsLost).toBeGreaterThanOrEqual(1);
    // Delivered: tracked by nobody any more.
    await vi.waitFor(async () => expect(await tracking.tracked(order.orderId)).toBeUndefined(), { timeout: 10_000, interval: 200 });

    console.log(
      `[delivery-failover] take-over ${takeOverMs} ms after SIGKILL; finals ${finals().length} for ${ISPS} ISPs, stored ${stored.length}; re-dispatches ${(await store.redispatches(order.orderId)).length} (lost-segments by B at +${(lostRedispatch?.at ?? 0) - killedAt} ms); delivered ${stored.map((delivery) => Math.round((delivery.deliveredW / deltaW) * 1000) / 10).join(' / ')} % of the order per ISP`,
    );
    fs.rmSync(logFile, { force: true });
  }, 300_000);
});
