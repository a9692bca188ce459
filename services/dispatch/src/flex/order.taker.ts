/**
 * Carries out a FlexOrder: checked against its offer (unknown or expired offer, another node or DSO, an
 * ISP not offered, the other direction, more than offered: refused with the reason, nothing dispatched),
 * then dispatched (Dispatcher), answered on flex.order-response.v1, stored with its problem and the
 * baseline frozen for delivery, and followed until its last ISP is measured. An order received twice
 * (Kafka redelivery, a retried POST) is carried out once.
 */
import { create } from '@bufbuild/protobuf';
import type { FlexOrder, FlexOrderResponse } from '@trottoir/contracts';
import { FlexOfferSchema, FlexOrderResponseSchema, FlexOrderSchema, FlexOrderStatus, fromJsonValue, toJsonValue, topics } from '@trottoir/contracts';
import type { DispatchProblem, DispatchSolution, OrderRefusal } from '@trottoir/flexibility';
import { checkOrder } from '@trottoir/flexibility';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';

import type { DispatchConfig } from '../dispatch.config';
import type { DispatchMetrics } from '../dispatch.metrics';
import type { DispatchFleet } from '../fleet/dispatch-fleet';
import { ActiveOrder } from '../delivery/active-orders';
import type { ActiveOrders } from '../delivery/active-orders';
import type { OrderOwnership } from '../delivery/order-ownership';
import type { OrderRecord } from '../store/flex-records';
import type { FlexStore } from '../store/flex-store.port';
import type { Dispatcher } from './dispatcher';

const SOURCE = 'trottoir/dispatch';

export interface OrderTakerDeps {
  readonly store: FlexStore;
  readonly fleet: DispatchFleet;
  readonly dispatcher: Dispatcher;
  readonly active: ActiveOrders;
  /** Keeps the order's tracking state where another instance can resume it. */
  readonly ownership: OrderOwnership;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly config: DispatchConfig;
  readonly metrics: DispatchMetrics;
  readonly logger: Logger;
}

/** The stored offer as the order check reads it. */
export async function offerToCheck(store: FlexStore, offerId: string) {
  const record = await store.offer(offerId);
  if (!record) return undefined;
  const offer = fromJsonValue(FlexOfferSchema, record.offer);
  return {
    offerId: offer.offerId,
    nodeId: offer.nodeId,
    dsoId: offer.dsoId,
    validUntil: offer.validUntil,
    isps: offer.isps.map((isp) => ({ ispStart: isp.ispStart, offeredDeltaW: isp.offeredDeltaW, priceCentsPerMWh: isp.priceCentsPerMwh })),
  };
}

export function responseOf(record: OrderRecord, respondedAt: number): FlexOrderResponse {
  return create(FlexOrderResponseSchema, {
    orderId: record.orderId,
    offerId: record.offerId,
    nodeId: record.nodeId,
    status: record.status === 'accepted' ? FlexOrderStatus.ACCEPTED : FlexOrderStatus.REJECTED,
    reason: record.reason,
    setpoints: record.setpoints,
    respondedAt,
  });
}

export class OrderTaker {
  constructor(private readonly deps: OrderTakerDeps) {}

  async take(order: FlexOrder): Promise<FlexOrderResponse> {
    const { store, clock, config } = this.deps;
    const nowTs = clock.now();
    const stopTimer = this.deps.metrics.orderSeconds.startTimer();
    const existing = await store.order(order.orderId);
    if (existing) return responseOf(existing, nowTs);
    if (this.deps.active.get(order.orderId)) {
      // Taken by this instance, its record not stored yet (a redelivery while storing): do not dispatch twice.
      return create(FlexOrderResponseSchema, { orderId: order.orderId, offerId: order.offerId, nodeId: order.nodeId, status: FlexOrderStatus.ACCEPTED, respondedAt: nowTs });
    }
    const isps = order.isps.map((isp) => ({ ispStart: isp.ispStart, deltaW: isp.deltaW }));
    let refusal: OrderRefusal | undefined = checkOrder({ offerId: order.offerId, nodeId: order.nodeId, dsoId: order.dsoId, isps, receivedAt: nowTs }, await offerToCheck(store, order.offerId));
    const past = isps.find((isp) => isp.ispStart + config.ispMs <= nowTs);
    if (!refusal && past) refusal = { code: 'ISP_NOT_OFFERED', detail: `ISP ${new Date(past.ispStart).toISOString()} is over` };
    const node = this.deps.fleet.node(order.nodeId);
    if (!refusal && !node) refusal = { code: 'NODE_MISMATCH', detail: `no grid node "${order.nodeId}" in the registry` };
    if (refusal || !node) return this.reject(order, nowTs, `${refusal?.code}: ${refusal?.detail}`);

    const outcome = await this.deps.dispatcher.run({ orderId: order.orderId, node, isps, nowTs, fromTs: nowTs, purpose: 'order' });
    if (!outcome.ok) return this.reject(order, nowTs, outcome.reason, outcome.problem, outcome.solution);
    const index = (ispStart: number) => Math.round((ispStart - outcome.problem.start) / config.ispMs);
    const active = new ActiveOrder(
      order.orderId,
      order.nodeId,
      config.ispMs,
      new Set(this.deps.fleet.segmentIdsBelow(order.nodeId)),
      isps.map((isp) => ({ ispStart: isp.ispStart, orderedW: isp.deltaW, baselineW: outcome.baselineW[index(isp.ispStart)], pvExpectedW: outcome.pvExpectedW[index(isp.ispStart)] })),
      outcome.readingsNow,
    );
    for (const [segmentId, starts] of outcome.commanded) active.command(segmentId, starts);
    active.sentSetpoints(outcome.setpoints);
    this.deps.active.add(active);
    this.deps.metrics.activeOrders.set(this.deps.active.size);
    const record: OrderRecord = {
      ...orderRecordOf(order, nowTs, 'accepted', outcome.solution.shortfallWh > 0 ? `SHORTFALL: ${outcome.solution.shortfallWh} Wh of the order cannot be dispatched now` : ''),
      setpoints: outcome.setpoints.length,
      baselineW: outcome.baselineW,
      problem: outcome.problem,
      solution: outcome.solution,
    };
    const response = responseOf(record, clock.now());
    await this.deps.bus.publish(topics.flexOrderResponse, [response], { source: SOURCE, time: response.respondedAt });
    stopTimer();
    this.deps.metrics.orders.inc({ outcome: 'accepted', reason: '' });
    this.deps.logger.info({ orderId: order.orderId, nodeId: order.nodeId, setpoints: outcome.setpoints.length, method: outcome.solution.method, segments: outcome.problem.segments.length }, 'flex order dispatched');
    await store.saveOrder(record);
    await this.deps.ownership.begin(active);
    return response;
  }

  private async reject(order: FlexOrder, nowTs: number, reason: string, problem?: DispatchProblem, solution?: DispatchSolution): Promise<FlexOrderResponse> {
    const record: OrderRecord = {
      ...orderRecordOf(order, nowTs, 'rejected', reason),
      setpoints: 0,
      ...(problem ? { problem } : {}),
      ...(solution ? { solution } : {}),
    };
    await this.deps.store.saveOrder(record);
    const response = responseOf(record, nowTs);
    await this.deps.bus.publish(topics.flexOrderResponse, [response], { source: SOURCE, time: nowTs });
    this.deps.metrics.orders.inc({ outcome: 'rejected', reason: reason.split(':')[0] });
    this.deps.logger.warn({ orderId: order.orderId, offerId: order.offerId, reason }, 'flex order refused');
    return response;
  }
}

/** What every order record says of its order, accepted or refused. */
function orderRecordOf(order: FlexOrder, receivedAt: number, status: OrderRecord['status'], reason: string) {
  return { orderId: order.orderId, offerId: order.offerId, nodeId: order.nodeId, dsoId: order.dsoId, receivedAt, status, reason, order: toJsonValue(FlexOrderSchema, order) };
}
