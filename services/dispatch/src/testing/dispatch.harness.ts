/**
 * The dispatch use cases wired to real in-memory adapters for unit specs: the in-process bus (what they
 * publish is read back with a TopicRecorder), the in-memory flexibility store, the solver in-process,
 * a manual clock, and a small hand-made grid whose segments report as the spec says. Two harnesses
 * given the same `cluster` (bus, stores, lease table, clock) are two replicas of the service.
 */
import { create } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { FlexRequest, GridNode, Segment } from '@trottoir/contracts';
import { allTopics, FlexOrderSchema, FlexRequestSchema, GridNodeKind, GridNodeSchema, SegmentSchema } from '@trottoir/contracts';
import type { LiveReading, NodeFlowForecast } from '@trottoir/flexibility';
import { ManualClock } from '@trottoir/kernel';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';
import type { Logger } from '@trottoir/observability';
import { InMemoryLeases, InMemoryLeaseTable } from '@trottoir/service-runtime';
import { TopicRecorder } from '@trottoir/testing';

import { AckTracker } from '../acks/ack.tracker';
import type { DispatchConfig } from '../dispatch.config';
import { loadDispatchConfig } from '../dispatch.config';
import { DispatchMetrics } from '../dispatch.metrics';
import { ActiveOrders } from '../delivery/active-orders';
import { DeliveryTracker } from '../delivery/delivery.tracker';
import { OrderAdopter } from '../delivery/order-adopter';
import { OrderOwnership } from '../delivery/order-ownership';
import { Redispatcher } from '../delivery/redispatcher';
import { DispatchFleet } from '../fleet/dispatch-fleet';
import { BusySegments } from '../flex/busy-segments';
import { Dispatcher } from '../flex/dispatcher';
import { NodeView } from '../flex/node-view';
import { OfferMaker } from '../flex/offer.maker';
import { OrderTaker } from '../flex/order.taker';
import { NodeForecasts } from '../forecasts/node-forecasts';
import { LiveState } from '../live/live-state';
import { SetpointPublisher } from '../setpoints/setpoint.publisher';
import type { DispatchSolver } from '../solver/dispatch-solver.port';
import { InProcessDispatchSolver } from '../solver/in-process-dispatch-solver';
import { InMemoryFlexStore } from '../store/flex-store.in-memory';
import { InMemoryOrderTracking } from '../store/order-tracking.in-memory';

export const NOON = Date.UTC(2026, 5, 21, 12);
export const ISP_MS = 60_000;

export function gridNode(nodeId: string, parentId: string, kind: GridNodeKind): GridNode {
  return create(GridNodeSchema, { nodeId, parentId, kind, ratedLimitW: 500_000, dsoId: 'dso-1', name: nodeId });
}

/** A segment with 5 kWp of tiles and a 20 kWh battery. */
export function segment(segmentId: string, gridNodeId: string): Segment {
  return create(SegmentSchema, {
    segmentId,
    gridNodeId,
    commissionedAt: NOON - 86_400_000,
    pv: { peakPowerW: 5_000, inverterLimitW: 5_000, areaM2: 40 },
    lighting: { count: 4, ratedPowerWEach: 100, minDimmingPct: 30 },
    battery: { capacityWh: 20_000, maxChargeW: 5_000, maxDischargeW: 5_000, socMinPct: 10, socMaxPct: 90 },
  });
}

export interface DispatchHarness {
  readonly clock: ManualClock;
  readonly bus: InProcessMessageBus;
  readonly recorder: TopicRecorder;
  readonly store: InMemoryFlexStore;
  readonly fleet: DispatchFleet;
  readonly live: LiveState;
  readonly forecasts: NodeForecasts;
  readonly active: ActiveOrders;
  readonly ownership: OrderOwnership;
  readonly leases: InMemoryLeases;
  readonly tracking: InMemoryOrderTracking;
  readonly acks: AckTracker;
  readonly offers: OfferMaker;
  readonly orders: OrderTaker;
  readonly redispatcher: Redispatcher;
  readonly tracker: DeliveryTracker;
  readonly busy: BusySegments;
  readonly config: DispatchConfig;
  readonly metrics: DispatchMetrics;
  readonly cluster: DispatchCluster;
  /** Every segment reports `reading` at the clock's now. */
  report(reading?: Partial<LiveReading>): void;
  request(overrides?: MessageInitShape<typeof FlexRequestSchema>): FlexRequest;
  close(): Promise<void>;
}

/** What replicas of one cluster share: the bus, the stores, the lease table and (here) the clock. */
export interface DispatchCluster {
  readonly clock: ManualClock;
  readonly bus: InProcessMessageBus;
  readonly store: InMemoryFlexStore;
  readonly tracking: InMemoryOrderTracking;
  readonly leaseTable: InMemoryLeaseTable;
}

export interface DispatchHarnessOptions {
  /** The solver (default: in-process; the benchmark passes the service's worker). */
  readonly solver?: DispatchSolver;
  readonly logger?: Logger;
  /** Another replica's cluster (its `cluster`), to be a replica beside it; default: a cluster of its own. */
  readonly cluster?: DispatchCluster;
  readonly instanceId?: string;
}

/** LV1 (s1, s2) and LV2 (s3) under SS1, under PS. */
export async function dispatchHarness(env: NodeJS.ProcessEnv = {}, options: DispatchHarnessOptions = {}): Promise<DispatchHarness> {
  const cluster = options.cluster ?? { clock: new ManualClock(NOON + 30_000), bus: new InProcessMessageBus(), store: new InMemoryFlexStore(), tracking: new InMemoryOrderTracking(), leaseTable: new InMemoryLeaseTable() };
  const { clock, bus, store, tracking } = cluster;
  await bus.ensureTopics(allTopics);
  const recorder = await TopicRecorder.start(bus, allTopics.filter((topic) => topic.name.startsWith('flex.') || topic.name.startsWith('dispatch.')));
  const config = loadDispatchConfig({ TROTTOIR_DISPATCH_ISP_MS: String(ISP_MS), TROTTOIR_DISPATCH_REBOUND_ISPS: '1', TROTTOIR_DISPATCH_DELIVERY_INTERVAL_MS: '10000', ...env });
  const metrics = new DispatchMetrics(new Registry());
  const logger = options.logger ?? createLogger({ service: 'dispatch', level: 'silent' });
  const fleet = new DispatchFleet();
  fleet.putGridNodes([gridNode('PS', '', GridNodeKind.PRIMARY_SUBSTATION), gridNode('SS1', 'PS', GridNodeKind.SECONDARY_SUBSTATION), gridNode('LV1', 'SS1', GridNodeKind.LV_FEEDER), gridNode('LV2', 'SS1', GridNodeKind.LV_FEEDER)]);
  fleet.putSegments([segment('s1', 'LV1'), segment('s2', 'LV1'), segment('s3', 'LV2')]);
  const live = new LiveState();
  const forecasts = new NodeForecasts({ latest: async () => undefined });
  const busy = new BusySegments();
  const active = new ActiveOrders();
  const view = new NodeView(fleet, live, forecasts, busy);
  const solver = options.solver ?? new InProcessDispatchSolver();
  const acks = new AckTracker(config.ackTimeoutMs, metrics);
  const dispatcher = new Dispatcher({ fleet, view, solver, publisher: new SetpointPublisher(bus, clock), acks, busy, clock, config, metrics, logger });
  const offers = new OfferMaker({ store, fleet, view, solver, bus, clock, config, metrics, logger });
  const leases = new InMemoryLeases(cluster.leaseTable);
  const instanceId = options.instanceId ?? 'dispatch-1';
  const ownership = new OrderOwnership({ instanceId, leases, tracking, active, acks, busy, metrics, logger });
  const adopter = new OrderAdopter({ ownership, leases, tracking, active, acks, busy, config, metrics, logger });
  const orders = new OrderTaker({ store, fleet, dispatcher, active, ownership, bus, clock, config, metrics, logger });
  const redispatcher = new Redispatcher({ active, ownership, fleet, dispatcher, live, store, clock, metrics, logger });
  const tracker = new DeliveryTracker({ active, ownership, adopter, live, acks, busy, redispatcher, store, bus, clock, config, metrics, logger });
  live.onReading((segmentId, reading) => active.record(segmentId, reading));
  acks.onLost((orderId, segmentIds, reason) => void redispatcher.redispatch(orderId, 'lost-segments', reason, segmentIds));
  const report = (reading: Partial<LiveReading> = {}) => {
    for (const segmentId of ['s1', 's2', 's3']) {
      live.put(segmentId, { ts: clock.now(), pvPowerW: 3_000, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0, batterySocPct: 50, netPowerW: -3_000, ...reading });
    }
  };
  const request = (overrides: MessageInitShape<typeof FlexRequestSchema> = {}) =>
    create(FlexRequestSchema, {
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      dsoId: 'dso-1',
      nodeId: 'LV1',
      ispMs: ISP_MS,
      isps: [{ ispStart: NOON + ISP_MS, deltaW: 4_000 }],
      expiresAt: NOON + 10 * ISP_MS,
      requestedAt: clock.now(),
      ...overrides,
    });
  return {
    clock,
    bus,
    recorder,
    store,
    fleet,
    live,
    forecasts,
    active,
    ownership,
    leases,
    tracking,
    acks,
    offers,
    orders,
    redispatcher,
    tracker,
    busy,
    config,
    metrics,
    cluster,
    report,
    request,
    close: async () => {
      await recorder.stop();
      // The cluster's bus is closed by the replica that made it.
      if (!options.cluster) await bus.close();
    },
  };
}

/** A flat node forecast: PV `pvW` (P10 at 80 %), lights and EV off. */
export function flatForecast(pvW: number): NodeFlowForecast {
  return { issuedAt: NOON - 600_000, startTs: NOON - 900_000, stepMs: 900_000, pvP10W: new Array(12).fill(pvW * 0.8), pvP50W: new Array(12).fill(pvW), lightsP50W: new Array(12).fill(0), evP50W: new Array(12).fill(0) };
}

export const anOrder = (offerId: string, ispStart: number, deltaW: number, overrides: Record<string, unknown> = {}) =>
  create(FlexOrderSchema, { orderId: `order-${Math.random().toString(36).slice(2)}`, offerId, nodeId: 'LV1', dsoId: 'dso-1', isps: [{ ispStart, deltaW }], ...overrides });
