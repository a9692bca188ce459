/**
 * Starts what runs on its own once the application is built: the consumers of requests and orders
 * (group `dispatch`), of acknowledgements (a group per instance: each waits for its own setpoints), the
 * readings' path to the running orders' measurements, and the delivery tracker, once this instance holds
 * its tracker lease (order-ownership.ts). On shutdown the tracker stops (saving its orders' state last,
 * for whoever adopts them once the runtime has released the lease), the runtime closes the consumers (each finishes its batch in hand), and the solver's worker ends
 * last.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { DeadLetterPublisher } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import { CLOCK, ConsumerSupervisor, decodeEach, LOGGER } from '@trottoir/service-runtime';

import { AckTracker } from './acks/ack.tracker';
import { DISPATCH_CONFIG } from './dispatch.config';
import type { DispatchConfig } from './dispatch.config';
import { FLEX_DEAD_LETTERS } from './dispatch.tokens';
import { ActiveOrders } from './delivery/active-orders';
import { DeliveryTracker } from './delivery/delivery.tracker';
import { OrderOwnership } from './delivery/order-ownership';
import { Redispatcher } from './delivery/redispatcher';
import { checkOrderShape, checkRequestShape } from './flex/flex-message.checks';
import { handleFlexBatch } from './flex/flex.intake';
import { OfferMaker } from './flex/offer.maker';
import { OrderTaker } from './flex/order.taker';
import { LiveState } from './live/live-state';
import { DISPATCH_SOLVER } from './solver/dispatch-solver.port';
import type { DispatchSolver } from './solver/dispatch-solver.port';

@Injectable()
export class DispatchRunner implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(OfferMaker) private readonly offers: OfferMaker,
    @Inject(OrderTaker) private readonly orders: OrderTaker,
    @Inject(AckTracker) private readonly acks: AckTracker,
    @Inject(ActiveOrders) private readonly active: ActiveOrders,
    @Inject(Redispatcher) private readonly redispatcher: Redispatcher,
    @Inject(DeliveryTracker) private readonly tracker: DeliveryTracker,
    @Inject(OrderOwnership) private readonly ownership: OrderOwnership,
    @Inject(LiveState) private readonly live: LiveState,
    @Inject(FLEX_DEAD_LETTERS) private readonly deadLetters: DeadLetterPublisher,
    @Inject(DISPATCH_SOLVER) private readonly solver: DispatchSolver,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.live.onReading((segmentId, reading) => this.active.record(segmentId, reading));
    this.acks.onLost((orderId, segmentIds, reason) => void this.redispatcher.redispatch(orderId, 'lost-segments', `${segmentIds.length} segment(s): ${reason}`, segmentIds));
    const { ispMs } = this.config;
    // This instance's tracker lease before any order: the orders of an instance without it are adoptable.
    if (!(await this.ownership.confirm())) this.logger.warn('tracker lease not taken at start: delivery tracking waits for it');
    await this.supervisor.subscribe(topics.flexRequest, {}, (batch) =>
      handleFlexBatch(batch, { check: (request) => checkRequestShape(request, ispMs), handle: (request) => this.offers.answer(request) }, this.deadLetters),
    );
    await this.supervisor.subscribe(topics.flexOrder, {}, (batch) =>
      handleFlexBatch(batch, { check: (order) => checkOrderShape(order, ispMs), handle: (order) => this.orders.take(order) }, this.deadLetters),
    );
    await this.supervisor.subscribePerInstance(topics.dispatchAck, { purpose: 'acks', fromBeginning: false }, async (batch) => {
      for (const ack of decodeEach(batch, this.logger)) this.acks.acknowledge(ack, this.clock.now());
    });
    this.tracker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.tracker.stop();
  }

  /** After every module let go (the consumers finished their batch in hand): the solver's worker is no longer needed. */
  async onApplicationShutdown(): Promise<void> {
    await this.solver.close();
  }
}
