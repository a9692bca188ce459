/**
 * Follows the orders this instance tracks (taken or adopted), ISP by ISP: every interval it measures each
 * running ISP at the node (the segments' mean net power since the ISP started, summed) against the
 * baseline frozen with the order, publishes ordered against delivered on flex.delivery.v1 and in metrics,
 * re-dispatches a shortfall (or an over-delivery) beyond the tolerance while the ISP lasts, and once the
 * ISP is over (plus a grace for the last readings) stores its final figures. Overdue acknowledgements are
 * checked on the same beat. An order whose ISPs are all final is let go.
 *
 * Fail-over: each beat first confirms this instance's tracker lease (without it, it does nothing: its
 * orders may be moving to another instance) and adopts the orders of dead instances (order-adopter.ts);
 * each interval every order's state is saved, compare-and-set on its owner epoch, before it is measured,
 * so a take-over loses at most the readings of one interval (plus the time to notice the death) from the
 * means. A final ISP is stored first and published only when this store call inserted it: once in
 * flex_delivery and at most once on flex.delivery.v1 across the cluster (an instance dying between the
 * two leaves it stored, not published). Interim figures may be published by two instances around a
 * take-over.
 */
import { create } from '@bufbuild/protobuf';
import type { FlexDelivery } from '@trottoir/contracts';
import { FlexDeliverySchema, topics } from '@trottoir/contracts';
import { ispDelivery } from '@trottoir/flexibility';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';

import type { AckTracker } from '../acks/ack.tracker';
import type { DispatchConfig } from '../dispatch.config';
import type { DispatchMetrics } from '../dispatch.metrics';
import type { BusySegments } from '../flex/busy-segments';
import type { LiveState } from '../live/live-state';
import type { FlexStore } from '../store/flex-store.port';
import type { ActiveOrder, ActiveOrders } from './active-orders';
import type { OrderAdopter } from './order-adopter';
import type { OrderOwnership } from './order-ownership';
import type { Redispatcher } from './redispatcher';

const SOURCE = 'trottoir/dispatch';
/** Shortfalls are judged between these shares of an ISP: not on its first readings, not when too late to act. */
const JUDGE_FROM_SHARE = 0.2;
/** A final ISP within this share of its order counts as delivered as ordered. */
const DELIVERY_TOLERANCE = 0.05;
const JUDGE_UNTIL_SHARE = 0.9;

export interface DeliveryTrackerDeps {
  readonly active: ActiveOrders;
  readonly ownership: OrderOwnership;
  readonly adopter: OrderAdopter;
  readonly live: LiveState;
  readonly acks: AckTracker;
  readonly busy: BusySegments;
  readonly redispatcher: Redispatcher;
  readonly store: FlexStore;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly config: DispatchConfig;
  readonly metrics: DispatchMetrics;
  readonly logger: Logger;
}

export class DeliveryTracker {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DeliveryTrackerDeps) {}

  start(): void {
    this.timer = setInterval(() => {
      this.inFlight = this.inFlight.then(() => this.tick()).catch((error: unknown) => this.deps.logger.error({ err: error }, 'delivery tracking failed'));
    }, Math.min(this.deps.config.deliveryIntervalMs, 5_000));
    this.timer.unref();
  }

  /** Stops the beat; the orders' states are saved last, so that whoever adopts them loses nothing. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
    if (await this.deps.ownership.confirm()) await this.deps.ownership.saveAll();
  }

  private lastMeasuredAt = 0;

  /** One beat: this instance's lease, orphans to adopt, overdue acknowledgements, then (every delivery interval) the running ISPs. */
  async tick(): Promise<void> {
    if (!(await this.deps.ownership.confirm())) {
      this.deps.logger.warn({ orders: this.deps.active.size }, 'delivery tracking paused: this instance does not hold its tracker lease');
      return;
    }
    await this.deps.adopter.adoptOrphans();
    const nowTs = this.deps.clock.now();
    this.deps.acks.expire(nowTs);
    this.deps.busy.prune(nowTs);
    if (nowTs - this.lastMeasuredAt < this.deps.config.deliveryIntervalMs) return;
    this.lastMeasuredAt = nowTs;
    await this.measureAll(nowTs);
  }

  async measureAll(nowTs: number): Promise<void> {
    const deliveries: FlexDelivery[] = [];
    for (const order of this.deps.active.all()) {
      // Saved before it is measured (compare-and-set): an order adopted meanwhile is let go here.
      if (!(await this.deps.ownership.save(order))) continue;
      order.skyRatioNow((segmentId) => this.deps.live.reading(segmentId));
      deliveries.push(...(await this.measure(order, nowTs)));
      if ([...order.isps.values()].every((isp) => isp.final)) {
        await this.deps.ownership.finish(order);
        this.deps.logger.info({ orderId: order.orderId }, 'order delivered and measured');
      }
    }
    this.deps.metrics.activeOrders.set(this.deps.active.size);
    if (deliveries.length > 0) await this.deps.bus.publish(topics.flexDelivery, deliveries, { source: SOURCE, time: nowTs });
  }

  private async measure(order: ActiveOrder, nowTs: number): Promise<FlexDelivery[]> {
    const { config, metrics } = this.deps;
    const deliveries: FlexDelivery[] = [];
    for (const isp of [...order.isps.values()].sort((a, b) => a.ispStart - b.ispStart)) {
      if (isp.final || nowTs <= isp.ispStart) continue;
      const { measuredW, baselineW, segments, untilTs } = order.measure(isp);
      const ispEnd = isp.ispStart + order.ispMs;
      const final = nowTs >= ispEnd + config.deliveryIntervalMs;
      if (segments === 0 && !final) continue;
      const delivery = ispDelivery(isp.orderedW, baselineW, measuredW);
      const coverage = Math.min(1, (nowTs - isp.ispStart) / order.ispMs);
      const message = create(FlexDeliverySchema, {
        orderId: order.orderId,
        nodeId: order.nodeId,
        ispStart: isp.ispStart,
        ispMs: order.ispMs,
        orderedW: isp.orderedW,
        baselineW,
        measuredW,
        deliveredW: delivery.deliveredW,
        coverage,
        final,
        segmentsDispatched: order.dispatchedIn(isp.ispStart),
        segmentsLost: order.lost.size,
        redispatches: isp.redispatches,
        computedAt: nowTs,
      });
      this.deps.logger.debug({ orderId: order.orderId, ispStart: isp.ispStart, baselineW, measuredW, deliveredW: delivery.deliveredW, coverage, lagMs: nowTs - untilTs, segmentsDispatched: message.segmentsDispatched, final }, 'delivery measured');
      metrics.orderedW.set({ node_id: order.nodeId }, isp.orderedW);
      metrics.deliveredW.set({ node_id: order.nodeId }, delivery.deliveredW);
      if (final) {
        isp.final = true;
        order.forgetMeasurements(isp.ispStart);
        // Stored first, published only when this call stored it: never twice across a take-over.
        const stored = await this.deps.store.saveDelivery({
          orderId: order.orderId,
          nodeId: order.nodeId,
          ispStart: isp.ispStart,
          orderedW: isp.orderedW,
          baselineW,
          measuredW,
          deliveredW: delivery.deliveredW,
          coverage,
          segmentsDispatched: message.segmentsDispatched,
          segmentsLost: message.segmentsLost,
          redispatches: isp.redispatches,
          computedAt: nowTs,
        });
        if (stored === 'duplicate') {
          this.deps.logger.info({ orderId: order.orderId, ispStart: isp.ispStart }, 'final delivery already stored (by a former owner): not published again');
          continue;
        }
        deliveries.push(message);
        metrics.deliveryRatio.set({ node_id: order.nodeId }, delivery.ratio);
        metrics.deliveries.inc({ outcome: Math.abs(delivery.ratio - 1) <= DELIVERY_TOLERANCE ? 'as-ordered' : delivery.ratio < 1 ? 'short' : 'over' });
        continue;
      }
      deliveries.push(message);
      if (coverage >= JUDGE_FROM_SHARE && coverage <= JUDGE_UNTIL_SHARE && Math.abs(delivery.ratio - 1) > config.redispatchTolerance && nowTs - isp.lastRedispatchAt >= config.deliveryIntervalMs) {
        // Either way: short, or over (a DSO orders a change, not a minimum; over-delivery is not paid).
        const reason = delivery.ratio < 1 ? 'shortfall' : 'over-delivery';
        void this.deps.redispatcher.redispatch(order.orderId, reason, `delivered ${Math.round(delivery.deliveredW)} W of ${isp.orderedW} W so far`);
      }
    }
    return deliveries;
  }
}
