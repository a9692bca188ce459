/**
 * Order tracking on PostgreSQL (migration 1764500910000, table flex_order_tracking): one row per order
 * under way, its state gzipped JSON (tracked-order.codec.ts, gzip-text.ts: at fleet scale the setpoints
 * sent and the readings at order time are megabytes of text). Every write by an owner is conditional on
 * (owner, owner_epoch) in the same statement: the compare-and-set that fences a former owner.
 */
import type { Queryable } from '@trottoir/persistence';

import { decodeTrackedOrder, encodeTrackedOrder } from '../delivery/tracked-order.codec';
import type { TrackedOrderState } from '../delivery/tracked-order-state';
import { gunzipText, gzipText } from './gzip-text';
import type { OrderOwner, OrderTracking, TrackedOrderRow } from './order-tracking.port';

const pack = (state: TrackedOrderState): Promise<Buffer> => gzipText(encodeTrackedOrder(state));
const unpack = async (gz: Buffer): Promise<TrackedOrderState> => decodeTrackedOrder(await gunzipText(gz));

interface Row {
  order_id: string;
  owner: string;
  owner_epoch: string;
  state_gz: Buffer;
}

export class PgOrderTracking implements OrderTracking {
  constructor(private readonly db: Queryable) {}

  async start(owner: string, state: TrackedOrderState): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `insert into flex_order_tracking (order_id, node_id, owner, owner_epoch, saved_at, state_gz) values ($1, $2, $3, 1, now(), $4)
       on conflict (order_id) do nothing`,
      [state.orderId, state.nodeId, owner, await pack(state)],
    );
    return rowCount === 1;
  }

  async save({ owner, epoch }: OrderOwner, state: TrackedOrderState): Promise<boolean> {
    const { rowCount } = await this.db.query('update flex_order_tracking set state_gz = $4, saved_at = now() where order_id = $1 and owner = $2 and owner_epoch = $3', [
      state.orderId,
      owner,
      epoch,
      await pack(state),
    ]);
    return rowCount === 1;
  }

  async finish(orderId: string, { owner, epoch }: OrderOwner): Promise<boolean> {
    const { rowCount } = await this.db.query('delete from flex_order_tracking where order_id = $1 and owner = $2 and owner_epoch = $3', [orderId, owner, epoch]);
    return rowCount === 1;
  }

  async owners(): Promise<string[]> {
    const { rows } = await this.db.query<{ owner: string }>('select distinct owner from flex_order_tracking order by owner');
    return rows.map((row) => row.owner);
  }

  async ownedBy(owner: string): Promise<{ orderId: string; epoch: number }[]> {
    const { rows } = await this.db.query<{ order_id: string; owner_epoch: string }>('select order_id, owner_epoch::text from flex_order_tracking where owner = $1 order by order_id', [owner]);
    return rows.map((row) => ({ orderId: row.order_id, epoch: Number(row.owner_epoch) }));
  }

  async adopt(orderId: string, from: OrderOwner, to: string): Promise<TrackedOrderRow | undefined> {
    const { rows } = await this.db.query<Row>(
      `update flex_order_tracking set owner = $4, owner_epoch = owner_epoch + 1, adopted_at = now()
        where order_id = $1 and owner = $2 and owner_epoch = $3
        returning order_id, owner, owner_epoch::text, state_gz`,
      [orderId, from.owner, from.epoch, to],
    );
    return rows[0] && this.rowOf(rows[0]);
  }

  async tracked(orderId: string): Promise<TrackedOrderRow | undefined> {
    const { rows } = await this.db.query<Row>('select order_id, owner, owner_epoch::text, state_gz from flex_order_tracking where order_id = $1', [orderId]);
    return rows[0] && this.rowOf(rows[0]);
  }

  private async rowOf(row: Row): Promise<TrackedOrderRow> {
    return { orderId: row.order_id, owner: row.owner, epoch: Number(row.owner_epoch), state: await unpack(row.state_gz) };
  }
}
