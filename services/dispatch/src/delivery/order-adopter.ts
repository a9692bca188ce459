/**
 * Adopts the orders of dead dispatch instances. An instance with orders in the tracking store whose
 * tracker lease is free is dead (or cut off from the database): whoever takes its lease adopts its
 * orders one by one, each with a compare-and-set that moves the order to itself under the next owner
 * epoch, resumes each from its saved state (measurements so far, setpoints sent, acknowledgements still
 * awaited), and lets the lease go. The lease serialises adopters: two live instances never adopt the
 * same instance's orders at once, and the compare-and-set would refuse the second anyway.
 *
 * This instance's own rows that it does not track in memory (a restart under the same instance id, a
 * pod name) are adopted the same way, under a later epoch.
 */
import type { Logger } from '@trottoir/observability';
import type { Leases } from '@trottoir/service-runtime';

import type { AckTracker } from '../acks/ack.tracker';
import type { DispatchConfig } from '../dispatch.config';
import type { DispatchMetrics } from '../dispatch.metrics';
import type { BusySegments } from '../flex/busy-segments';
import type { OrderTracking, TrackedOrderRow } from '../store/order-tracking.port';
import type { ActiveOrders } from './active-orders';
import { ActiveOrder } from './active-orders';
import type { OrderOwnership } from './order-ownership';
import { trackerLeaseName } from './order-ownership';

export interface OrderAdopterDeps {
  readonly ownership: OrderOwnership;
  readonly leases: Leases;
  readonly tracking: OrderTracking;
  readonly active: ActiveOrders;
  readonly acks: AckTracker;
  readonly busy: BusySegments;
  readonly config: DispatchConfig;
  readonly metrics: DispatchMetrics;
  readonly logger: Logger;
}

export class OrderAdopter {
  constructor(private readonly deps: OrderAdopterDeps) {}

  /** Adopts what dead instances (and an earlier life of this one) left under way; the orders adopted. */
  async adoptOrphans(): Promise<string[]> {
    const me = this.deps.ownership.instanceId;
    const adopted: string[] = [];
    for (const owner of await this.deps.tracking.owners()) {
      if (owner === me) {
        // Orders being taken are in memory but not yet tracked under an epoch: not orphans.
        const orphans = (await this.deps.tracking.ownedBy(me)).filter(({ orderId }) => !this.deps.active.get(orderId));
        for (const { orderId, epoch } of orphans) adopted.push(...(await this.adopt(orderId, { owner: me, epoch })));
        continue;
      }
      const lease = this.deps.leases.lease(trackerLeaseName(owner));
      if (!(await lease.acquire())) continue;
      try {
        for (const { orderId, epoch } of await this.deps.tracking.ownedBy(owner)) adopted.push(...(await this.adopt(orderId, { owner, epoch })));
      } finally {
        // Not kept: a dead instance's lease only has to be free for whoever looks next.
        await lease.release();
      }
    }
    return adopted;
  }

  private async adopt(orderId: string, from: { owner: string; epoch: number }): Promise<string[]> {
    const row = await this.deps.tracking.adopt(orderId, from, this.deps.ownership.instanceId);
    if (!row) return [];
    this.resume(row, from.owner);
    return [orderId];
  }

  private resume(row: TrackedOrderRow, from: string): void {
    const { active, acks, busy, config, metrics } = this.deps;
    const order = ActiveOrder.restore(row.state);
    active.add(order);
    this.deps.ownership.adopted(order.orderId, row.epoch);
    // Its segments serve this order until its end (and the rebound ISPs after it), as where it was taken.
    busy.commit(order.orderId, order.commanded.keys(), order.endTs + config.reboundIsps * config.ispMs);
    // Last: a rejection seen meanwhile loses its segment at once, and the re-dispatch needs the order in place.
    acks.resume(order.orderId, row.state.pendingAcks);
    metrics.ordersAdopted.inc();
    metrics.activeOrders.set(active.size);
    this.deps.logger.warn({ orderId: order.orderId, from, epoch: row.epoch, pendingAcks: row.state.pendingAcks.length }, 'order adopted: its former owner is gone');
  }
}
