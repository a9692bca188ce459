/**
 * Order tracking in memory: the unit specs, and instances that share one object as replicas share a
 * database. States are kept as text (tracked-order.codec.ts), as PostgreSQL keeps them (gzipped): what
 * comes back is a copy.
 */
import { decodeTrackedOrder, encodeTrackedOrder } from '../delivery/tracked-order.codec';
import type { TrackedOrderState } from '../delivery/tracked-order-state';
import type { OrderOwner, OrderTracking, TrackedOrderRow } from './order-tracking.port';

interface Row {
  owner: string;
  epoch: number;
  stateJson: string;
}

export class InMemoryOrderTracking implements OrderTracking {
  private readonly rows = new Map<string, Row>();

  async start(owner: string, state: TrackedOrderState): Promise<boolean> {
    if (this.rows.has(state.orderId)) return false;
    this.rows.set(state.orderId, { owner, epoch: 1, stateJson: encodeTrackedOrder(state) });
    return true;
  }

  async save(owner: OrderOwner, state: TrackedOrderState): Promise<boolean> {
    const row = this.owned(state.orderId, owner);
    if (row) row.stateJson = encodeTrackedOrder(state);
    return row !== undefined;
  }

  async finish(orderId: string, owner: OrderOwner): Promise<boolean> {
    return this.owned(orderId, owner) !== undefined && this.rows.delete(orderId);
  }

  async owners(): Promise<string[]> {
    return [...new Set([...this.rows.values()].map((row) => row.owner))].sort();
  }

  async ownedBy(owner: string): Promise<{ orderId: string; epoch: number }[]> {
    return [...this.rows].filter(([, row]) => row.owner === owner).map(([orderId, row]) => ({ orderId, epoch: row.epoch })).sort((a, b) => a.orderId.localeCompare(b.orderId));
  }

  async adopt(orderId: string, from: OrderOwner, to: string): Promise<TrackedOrderRow | undefined> {
    const row = this.owned(orderId, from);
    if (!row) return undefined;
    row.owner = to;
    row.epoch += 1;
    return this.tracked(orderId);
  }

  async tracked(orderId: string): Promise<TrackedOrderRow | undefined> {
    const row = this.rows.get(orderId);
    return row && { orderId, owner: row.owner, epoch: row.epoch, state: decodeTrackedOrder(row.stateJson) };
  }

  private owned(orderId: string, { owner, epoch }: OrderOwner): Row | undefined {
    const row = this.rows.get(orderId);
    return row?.owner === owner && row.epoch === epoch ? row : undefined;
  }
}
