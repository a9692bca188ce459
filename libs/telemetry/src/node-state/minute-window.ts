/**
 * UTC minute arithmetic for the per-minute node state: which minute is the last complete one. (When
 * the next cycle is due is the runtime's BoundaryScheduler's business.)
 */
import { MINUTE_MS } from '@trottoir/kernel';

/** The node state is computed per UTC minute. */
export const NODE_STATE_INTERVAL_MS = MINUTE_MS;

/** Start of the UTC minute containing `ts`. */
export function minuteStart(ts: number): number {
  return Math.floor(ts / MINUTE_MS) * MINUTE_MS;
}

/** Start of the last minute that ended at or before `nowTs`. */
export function lastCompleteMinute(nowTs: number): number {
  return minuteStart(nowTs) - MINUTE_MS;
}
