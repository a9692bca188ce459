/**
 * Which orders this instance tracks, and the proof that it still may. Each dispatch instance holds a
 * lease of its own, `dispatch-tracker.<instance id>` (in PostgreSQL a session advisory lock that the
 * server frees the moment the process or its connection dies): while it is held, the instance is alive
 * and its orders are left to it; once it is free, any other instance may adopt them (order-adopter.ts).
 * Each order's row names its owner and an owner epoch; every save here is a compare-and-set on both, so
 * an instance whose order was adopted (it lost its lease without dying: a network cut) finds out at its
 * next save and lets the order go rather than measure, publish and re-dispatch it beside the new owner.
 *
 * Why a lease per instance rather than one for all delivery tracking: orders stay spread over the
 * replicas that took them (the solver's work of a re-dispatch too), a take-over moves only a dead
 * instance's orders, and no order waits for a cluster-wide leader to be elected.
 */
import { createHash } from 'node:crypto';

import type { Logger } from '@trottoir/observability';
import type { Lease, Leases } from '@trottoir/service-runtime';

import type { AckTracker } from '../acks/ack.tracker';
import type { DispatchMetrics } from '../dispatch.metrics';
import type { BusySegments } from '../flex/busy-segments';
import type { OrderTracking } from '../store/order-tracking.port';
import type { ActiveOrder, ActiveOrders } from './active-orders';
import type { TrackedOrderState } from './tracked-order-state';

const LEASE_PREFIX = 'dispatch-tracker.';
const LEASE_NAME_MAX = 100;

/** The lease that says `instanceId` is alive and tracks its orders (a hash stands in for an id too long for a lease name). */
export function trackerLeaseName(instanceId: string): string {
  const name = `${LEASE_PREFIX}${instanceId}`;
  if (name.length <= LEASE_NAME_MAX) return name;
  return `${LEASE_PREFIX}${instanceId.slice(0, 40)}-${createHash('sha256').update(instanceId).digest('hex').slice(0, 32)}`;
}

export interface OrderOwnershipDeps {
  readonly instanceId: string;
  readonly leases: Leases;
  readonly tracking: OrderTracking;
  readonly active: ActiveOrders;
  readonly acks: AckTracker;
  readonly busy: BusySegments;
  readonly metrics: DispatchMetrics;
  readonly logger: Logger;
}

export class OrderOwnership {
  /** orderId → the owner epoch this instance tracks it under. */
  private readonly epochs = new Map<string, number>();
  private readonly lease: Lease;

  constructor(private readonly deps: OrderOwnershipDeps) {
    this.lease = deps.leases.lease(trackerLeaseName(deps.instanceId));
  }

  get instanceId(): string {
    return this.deps.instanceId;
  }

  /**
   * Holds this instance's tracker lease, taking it (back) if needed. False when it cannot (the database
   * is out of reach, or another instance is adopting this one's orders right now): then this instance
   * must not act on its orders until it holds it again and its saves say which are still its own.
   */
  async confirm(): Promise<boolean> {
    return (await this.lease.acquire()) !== undefined;
  }

  /** Whether this instance tracks the order under a known epoch (an order being taken is not yet). */
  owns(orderId: string): boolean {
    return this.epochs.has(orderId);
  }

  /**
   * Starts tracking a newly taken order in the store, under this instance, epoch 1. The lease first: an
   * order of an instance whose lease is free is anyone's to adopt.
   */
  async begin(order: ActiveOrder): Promise<void> {
    if (!(await this.confirm())) this.deps.logger.warn({ orderId: order.orderId }, 'order tracked without this instance\'s tracker lease: another instance may adopt it');
    if (await this.deps.tracking.start(this.instanceId, this.stateOf(order))) this.epochs.set(order.orderId, 1);
    else this.letGo(order, 'already tracked by another instance');
  }

  /** Tracks an order adopted under `epoch`. */
  adopted(orderId: string, epoch: number): void {
    this.epochs.set(orderId, epoch);
  }

  /**
   * Saves the order's state under this instance's epoch. False when the order is no longer this
   * instance's (adopted meanwhile): it has been let go, and the caller must not act on it.
   */
  async save(order: ActiveOrder): Promise<boolean> {
    const epoch = this.epochs.get(order.orderId);
    // Being taken (not yet in the store): nobody else can have it.
    if (epoch === undefined) return this.deps.active.get(order.orderId) === order;
    if (await this.deps.tracking.save({ owner: this.instanceId, epoch }, this.stateOf(order))) return true;
    this.letGo(order, 'adopted by another instance');
    return false;
  }

  /** The order is delivered and measured: its tracking ends. */
  async finish(order: ActiveOrder): Promise<void> {
    const epoch = this.epochs.get(order.orderId);
    if (epoch !== undefined) await this.deps.tracking.finish(order.orderId, { owner: this.instanceId, epoch });
    this.forget(order);
  }

  /** Saves every order (graceful stop: whoever adopts them next loses nothing). */
  async saveAll(): Promise<void> {
    for (const order of this.deps.active.all()) await this.save(order);
  }

  stateOf(order: ActiveOrder): TrackedOrderState {
    return { ...order.snapshot(), pendingAcks: this.deps.acks.pendingOf(order.orderId) };
  }

  private letGo(order: ActiveOrder, reason: string): void {
    // Two saves in flight (a beat and a re-dispatch) both find out: counted once.
    const tracked = this.deps.active.get(order.orderId) === order;
    this.forget(order);
    if (!tracked) return;
    this.deps.metrics.ordersLetGo.inc();
    this.deps.logger.warn({ orderId: order.orderId, reason }, 'order let go: another instance tracks it');
  }

  private forget(order: ActiveOrder): void {
    this.epochs.delete(order.orderId);
    this.deps.active.remove(order.orderId);
    this.deps.acks.forget(order.orderId);
    this.deps.busy.release(order.orderId, order.commanded.keys());
    this.deps.metrics.activeOrders.set(this.deps.active.size);
  }
}
