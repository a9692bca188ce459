/**
 * Pruning of the `inbox` table (consumer, event id) that idempotent consumers record: an entry only
 * matters while its event can still be redelivered, so entries older than the topics' retention go.
 */
import type { Queryable } from '../timeseries/time-series.schema';

/** Deletes inbox entries processed before `beforeMs` (epoch ms); returns how many. */
export async function pruneInbox(db: Queryable, beforeMs: number): Promise<number> {
  const { rowCount } = await db.query('delete from inbox where processed_at < $1', [new Date(beforeMs)]);
  return rowCount ?? 0;
}
