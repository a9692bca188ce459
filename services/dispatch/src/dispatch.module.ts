/**
 * The dispatch service: answers DSO flexibility requests with offers, turns orders into per-segment
 * setpoints at least cost within every limit, follows acknowledgements and delivery, and re-dispatches
 * a shortfall. Wires the use cases to their adapters on the runtime's bus, pool, clock and metrics.
 */
import { Module } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import { DeadLetterPublisher } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import { CLOCK, ConsumerSupervisor, followFleet, GRID_OWNERSHIP, INSTANCE_ID, LEASES, LOGGER, MESSAGE_BUS, METRICS_REGISTRY, PG_POOL } from '@trottoir/service-runtime';
import type { GridOwnership, Leases } from '@trottoir/service-runtime';
import type { Pool } from 'pg';

import { AckTracker } from './acks/ack.tracker';
import { FlexController } from './api/flex.controller';
import { FlexibilityController } from './api/flexibility.controller';
import { DISPATCH_CONFIG, loadDispatchConfig } from './dispatch.config';
import type { DispatchConfig } from './dispatch.config';
import { DispatchMetrics } from './dispatch.metrics';
import { DispatchRunner } from './dispatch.runner';
import { FLEX_DEAD_LETTERS } from './dispatch.tokens';
import { ActiveOrders } from './delivery/active-orders';
import { DeliveryTracker } from './delivery/delivery.tracker';
import { OrderAdopter } from './delivery/order-adopter';
import { OrderOwnership } from './delivery/order-ownership';
import { Redispatcher } from './delivery/redispatcher';
import { DispatchFleet } from './fleet/dispatch-fleet';
import { BusySegments } from './flex/busy-segments';
import { Dispatcher } from './flex/dispatcher';
import { NodeView } from './flex/node-view';
import { OfferMaker } from './flex/offer.maker';
import { OrderTaker } from './flex/order.taker';
import { NodeForecastFollower } from './forecasts/node-forecast.follower';
import { PgStoredNodeForecasts } from './forecasts/node-forecast.pg';
import { NodeForecasts } from './forecasts/node-forecasts';
import { LiveFollower } from './live/live.follower';
import { LiveState } from './live/live-state';
import { SetpointPublisher } from './setpoints/setpoint.publisher';
import { DISPATCH_SOLVER } from './solver/dispatch-solver.port';
import type { DispatchSolver } from './solver/dispatch-solver.port';
import { WorkerDispatchSolver } from './solver/worker-dispatch-solver';
import { FLEX_STORE } from './store/flex-store.port';
import type { FlexStore } from './store/flex-store.port';
import { PgFlexStore } from './store/flex-store.pg';
import { PgOrderTracking } from './store/order-tracking.pg';
import { ORDER_TRACKING } from './store/order-tracking.port';
import type { OrderTracking } from './store/order-tracking.port';

/** Follows the fleet topics into the dispatch fleet. */
@Injectable()
class DispatchFleetFollower implements OnApplicationBootstrap {
  constructor(
    @Inject(DispatchFleet) private readonly fleet: DispatchFleet,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return followFleet(this.supervisor, this.fleet, this.logger);
  }
}

@Module({
  controllers: [FlexController, FlexibilityController],
  providers: [
    { provide: DISPATCH_CONFIG, useFactory: () => loadDispatchConfig() },
    { provide: DispatchMetrics, useFactory: (registry: Registry) => new DispatchMetrics(registry), inject: [METRICS_REGISTRY] },
    { provide: FLEX_STORE, useFactory: (pool: Pool) => new PgFlexStore(pool), inject: [PG_POOL] },
    { provide: ORDER_TRACKING, useFactory: (pool: Pool) => new PgOrderTracking(pool), inject: [PG_POOL] },
    { provide: DISPATCH_SOLVER, useFactory: () => new WorkerDispatchSolver() },
    { provide: FLEX_DEAD_LETTERS, useFactory: (bus: MessageBus, clock: Clock) => new DeadLetterPublisher(bus, topics.flexDlq, 'dispatch', clock), inject: [MESSAGE_BUS, CLOCK] },
    DispatchFleet,
    // Who owns each grid node, for the access layer: the fleet this service follows anyway.
    {
      provide: GRID_OWNERSHIP,
      useFactory: (fleet: DispatchFleet): GridOwnership => ({ dsoOfNode: (nodeId) => fleet.node(nodeId)?.dsoId, nodeOfSegment: (segmentId) => fleet.segment(segmentId)?.gridNodeId }),
      inject: [DispatchFleet],
    },
    LiveState,
    BusySegments,
    ActiveOrders,
    { provide: NodeForecasts, useFactory: (pool: Pool) => new NodeForecasts(new PgStoredNodeForecasts(pool)), inject: [PG_POOL] },
    { provide: NodeView, useFactory: (fleet: DispatchFleet, live: LiveState, forecasts: NodeForecasts, busy: BusySegments) => new NodeView(fleet, live, forecasts, busy), inject: [DispatchFleet, LiveState, NodeForecasts, BusySegments] },
    { provide: SetpointPublisher, useFactory: (bus: MessageBus, clock: Clock) => new SetpointPublisher(bus, clock), inject: [MESSAGE_BUS, CLOCK] },
    { provide: AckTracker, useFactory: (config: DispatchConfig, metrics: DispatchMetrics) => new AckTracker(config.ackTimeoutMs, metrics), inject: [DISPATCH_CONFIG, DispatchMetrics] },
    {
      provide: Dispatcher,
      useFactory: (fleet: DispatchFleet, view: NodeView, solver: DispatchSolver, publisher: SetpointPublisher, acks: AckTracker, busy: BusySegments, clock: Clock, config: DispatchConfig, metrics: DispatchMetrics, logger: Logger) =>
        new Dispatcher({ fleet, view, solver, publisher, acks, busy, clock, config, metrics, logger }),
      inject: [DispatchFleet, NodeView, DISPATCH_SOLVER, SetpointPublisher, AckTracker, BusySegments, CLOCK, DISPATCH_CONFIG, DispatchMetrics, LOGGER],
    },
    {
      provide: OrderOwnership,
      useFactory: (instanceId: string, leases: Leases, tracking: OrderTracking, active: ActiveOrders, acks: AckTracker, busy: BusySegments, metrics: DispatchMetrics, logger: Logger) =>
        new OrderOwnership({ instanceId, leases, tracking, active, acks, busy, metrics, logger }),
      inject: [INSTANCE_ID, LEASES, ORDER_TRACKING, ActiveOrders, AckTracker, BusySegments, DispatchMetrics, LOGGER],
    },
    {
      provide: OrderAdopter,
      useFactory: (ownership: OrderOwnership, leases: Leases, tracking: OrderTracking, active: ActiveOrders, acks: AckTracker, busy: BusySegments, config: DispatchConfig, metrics: DispatchMetrics, logger: Logger) =>
        new OrderAdopter({ ownership, leases, tracking, active, acks, busy, config, metrics, logger }),
      inject: [OrderOwnership, LEASES, ORDER_TRACKING, ActiveOrders, AckTracker, BusySegments, DISPATCH_CONFIG, DispatchMetrics, LOGGER],
    },
    {
      provide: OfferMaker,
      useFactory: (store: FlexStore, fleet: DispatchFleet, view: NodeView, solver: DispatchSolver, bus: MessageBus, clock: Clock, config: DispatchConfig, metrics: DispatchMetrics, logger: Logger) =>
        new OfferMaker({ store, fleet, view, solver, bus, clock, config, metrics, logger }),
      inject: [FLEX_STORE, DispatchFleet, NodeView, DISPATCH_SOLVER, MESSAGE_BUS, CLOCK, DISPATCH_CONFIG, DispatchMetrics, LOGGER],
    },
    {
      provide: OrderTaker,
      useFactory: (store: FlexStore, fleet: DispatchFleet, dispatcher: Dispatcher, active: ActiveOrders, ownership: OrderOwnership, bus: MessageBus, clock: Clock, config: DispatchConfig, metrics: DispatchMetrics, logger: Logger) =>
        new OrderTaker({ store, fleet, dispatcher, active, ownership, bus, clock, config, metrics, logger }),
      inject: [FLEX_STORE, DispatchFleet, Dispatcher, ActiveOrders, OrderOwnership, MESSAGE_BUS, CLOCK, DISPATCH_CONFIG, DispatchMetrics, LOGGER],
    },
    {
      provide: Redispatcher,
      useFactory: (active: ActiveOrders, ownership: OrderOwnership, fleet: DispatchFleet, dispatcher: Dispatcher, live: LiveState, store: FlexStore, clock: Clock, metrics: DispatchMetrics, logger: Logger) =>
        new Redispatcher({ active, ownership, fleet, dispatcher, live, store, clock, metrics, logger }),
      inject: [ActiveOrders, OrderOwnership, DispatchFleet, Dispatcher, LiveState, FLEX_STORE, CLOCK, DispatchMetrics, LOGGER],
    },
    {
      provide: DeliveryTracker,
      useFactory: (active: ActiveOrders, ownership: OrderOwnership, adopter: OrderAdopter, live: LiveState, acks: AckTracker, busy: BusySegments, redispatcher: Redispatcher, store: FlexStore, bus: MessageBus, clock: Clock, config: DispatchConfig, metrics: DispatchMetrics, logger: Logger) =>
        new DeliveryTracker({ active, ownership, adopter, live, acks, busy, redispatcher, store, bus, clock, config, metrics, logger }),
      inject: [ActiveOrders, OrderOwnership, OrderAdopter, LiveState, AckTracker, BusySegments, Redispatcher, FLEX_STORE, MESSAGE_BUS, CLOCK, DISPATCH_CONFIG, DispatchMetrics, LOGGER],
    },
    DispatchFleetFollower,
    LiveFollower,
    NodeForecastFollower,
    DispatchRunner,
  ],
})
export class DispatchModule {}
