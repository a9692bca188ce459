/**
 * Where each accepted order's tracking state is kept, and which instance tracks it (its owner) under
 * which owner epoch: the fencing token of the order. Every write of an owner names the epoch it holds;
 * an adoption moves the order to another instance with the next epoch, in one compare-and-set, so a
 * former owner that lives on (a network cut) finds out at its next save and lets the order go instead
 * of measuring and re-dispatching it beside the new owner.
 */
import type { TrackedOrderState } from '../delivery/tracked-order-state';

export interface OrderOwner {
  readonly owner: string;
  readonly epoch: number;
}

export interface TrackedOrderRow extends OrderOwner {
  readonly orderId: string;
  readonly state: TrackedOrderState;
}

export interface OrderTracking {
  /** Starts tracking an order under `owner`, epoch 1. False when the order is tracked already (nothing changed). */
  start(owner: string, state: TrackedOrderState): Promise<boolean>;
  /** Saves the state if the order is still `owner`'s under `epoch`; false when not (adopted, or finished). */
  save(owner: OrderOwner, state: TrackedOrderState): Promise<boolean>;
  /** Ends the tracking of a delivered order, if still `owner`'s under `epoch`. */
  finish(orderId: string, owner: OrderOwner): Promise<boolean>;
  /** The instances owning orders still tracked. */
  owners(): Promise<string[]>;
  /** The orders `owner` tracks, with the epoch of each. */
  ownedBy(owner: string): Promise<{ readonly orderId: string; readonly epoch: number }[]>;
  /** Moves the order from `from` to `to` under the next epoch; the row as adopted, or undefined when `from` no longer owns it. */
  adopt(orderId: string, from: OrderOwner, to: string): Promise<TrackedOrderRow | undefined>;
  /** The order's row (operators, specs). */
  tracked(orderId: string): Promise<TrackedOrderRow | undefined>;
}

export const ORDER_TRACKING = Symbol('ORDER_TRACKING');
