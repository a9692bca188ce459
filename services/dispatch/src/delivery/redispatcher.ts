/**
 * Re-dispatches what is left of an order while its ISPs last: when segments are lost (no
 * acknowledgement, a rejection) or when the running ISP strays from its order (short, or over: the
 * node's other loads move too — an EV arriving is tens of kW). The rest of the running ISP is
 * asked for what makes the whole ISP average the order (remainingDeltaW), scaled by how the segments
 * responded to what was asked of them so far (askForResponse), later ISPs for their order; the plan
 * is built from the segments' readings as they would be without the order (natural-reading.ts);
 * the lost segments are left out, the others get new setpoints taking over at once, and a segment no
 * longer needed is released to its own policy. One re-dispatch of an order at a time, and only by the
 * instance that owns the order (its tracking state is saved, compare-and-set, before and after).
 */
import type { RequestedIsp } from '@trottoir/flexibility';
import { askForResponse, remainingDeltaW } from '@trottoir/flexibility';
import type { Clock } from '@trottoir/kernel';
import type { Logger } from '@trottoir/observability';

import type { DispatchMetrics } from '../dispatch.metrics';
import type { DispatchFleet } from '../fleet/dispatch-fleet';
import type { LiveState } from '../live/live-state';
import type { Dispatcher } from '../flex/dispatcher';
import type { FlexStore } from '../store/flex-store.port';
import type { ActiveOrder, ActiveOrders } from './active-orders';
import type { OrderOwnership } from './order-ownership';

export type RedispatchReason = 'lost-segments' | 'shortfall' | 'over-delivery';

export class Redispatcher {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: {
      readonly active: ActiveOrders;
      readonly ownership: OrderOwnership;
      readonly fleet: DispatchFleet;
      readonly dispatcher: Dispatcher;
      readonly live: LiveState;
      readonly store: FlexStore;
      readonly clock: Clock;
      readonly metrics: DispatchMetrics;
      readonly logger: Logger;
    },
  ) {}

  /** Queues a re-dispatch of the order (after any one in flight); resolves when it is done. */
  redispatch(orderId: string, reason: RedispatchReason, detail: string, lostSegments: readonly string[] = []): Promise<void> {
    const order = this.deps.active.get(orderId);
    if (!order) return Promise.resolve();
    for (const segmentId of lostSegments) order.lost.add(segmentId);
    const previous = this.running.get(orderId) ?? Promise.resolve();
    const next = previous
      .then(() => this.run(order, reason, detail))
      .catch((error: unknown) => this.deps.logger.error({ err: error, orderId }, 're-dispatch failed'))
      .finally(() => {
        if (this.running.get(orderId) === next) this.running.delete(orderId);
      });
    this.running.set(orderId, next);
    return next;
  }

  private async run(order: ActiveOrder, reason: RedispatchReason, detail: string): Promise<void> {
    const nowTs = this.deps.clock.now();
    const node = this.deps.fleet.node(order.nodeId);
    const remaining = [...order.isps.values()].filter((isp) => !isp.final && isp.ispStart + order.ispMs > nowTs).sort((a, b) => a.ispStart - b.ispStart);
    if (!node || remaining.length === 0) return;
    // Still ours? An instance that lost its lease may find its order adopted: then it must not dispatch it too.
    if (!(await this.deps.ownership.save(order))) return;
    const isps: RequestedIsp[] = [];
    for (const isp of remaining) {
      let deltaW = isp.orderedW;
      const elapsedShare = (nowTs - isp.ispStart) / order.ispMs;
      if (elapsedShare > 0) {
        const { measuredW, baselineW, responseW, segments, untilTs } = order.measure(isp);
        if (segments > 0) {
          const neededW = remainingDeltaW(isp.orderedW, measuredW - baselineW, elapsedShare) ?? isp.orderedW;
          // Asked of the segments as they have responded so far in this ISP (a plan a few percent off stays off).
          deltaW = askForResponse(neededW, responseW, order.askedMeanW(isp, untilTs));
        }
      }
      isps.push({ ispStart: isp.ispStart, deltaW });
    }
    if (isps.length === 0) return;
    // Against the baseline frozen with the order: the dispatcher takes off what the node's loads moved on their own since.
    const against = new Map(remaining.map((isp) => [isp.ispStart, { orderedW: isp.orderedW, baselineW: isp.baselineW, pvExpectedW: isp.pvExpectedW }] as const));
    const previouslyCommanded = order.commandsFrom(isps[0].ispStart);
    order.skyRatioNow((segmentId) => this.deps.live.reading(segmentId));
    const outcome = await this.deps.dispatcher.run({
      orderId: order.orderId,
      node,
      isps,
      nowTs,
      fromTs: nowTs,
      exclude: order.lost,
      previouslyCommanded,
      natural: (segmentId, live) => order.naturalReading(segmentId, live),
      against,
      purpose: 'redispatch',
    });
    if (!outcome.ok) {
      if (outcome.reason.startsWith('NOTHING_TO_DISPATCH')) this.deps.logger.info({ orderId: order.orderId, reason: outcome.reason }, 'no re-dispatch needed: the setpoints in force stay');
      else this.deps.logger.warn({ orderId: order.orderId, reason: outcome.reason }, 're-dispatch found no solution: the setpoints in force stay');
      return;
    }
    // Replaced only now: until the new setpoints are out, the ones in force are what is measured.
    order.clearCommandsFrom(isps[0].ispStart);
    for (const [segmentId, starts] of outcome.commanded) order.command(segmentId, starts);
    order.sentSetpoints(outcome.setpoints);
    for (const requested of isps) {
      const isp = order.isps.get(requested.ispStart);
      if (isp) order.ask(isp, nowTs, requested.deltaW);
    }
    const current = order.isps.get(isps[0].ispStart);
    if (current) {
      current.redispatches += 1;
      current.lastRedispatchAt = nowTs;
    }
    // The new setpoints and asks, where a take-over would resume from.
    await this.deps.ownership.save(order);
    this.deps.metrics.redispatches.inc({ reason });
    this.deps.logger.info({ orderId: order.orderId, reason, detail, lost: order.lost.size, setpoints: outcome.setpoints.length, targetW: isps[0].deltaW }, 'order re-dispatched');
    await this.deps.store.saveRedispatch({ orderId: order.orderId, ispStart: isps[0].ispStart, at: nowTs, reason: `${reason}: ${detail}`, targetW: isps[0].deltaW, problem: outcome.problem, solution: outcome.solution });
  }
}
