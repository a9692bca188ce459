/**
 * UTC minute arithmetic for the per-minute node state: which minute is the last complete one, and
 * when the next cycle is due (the minute boundary plus a delay that lets late readings arrive).
 */
/** The node state is computed per UTC minute. */
export const NODE_STATE_INTERVAL_MS = 60_000;
const MINUTE_MS = NODE_STATE_INTERVAL_MS;

/** Start of the UTC minute containing `ts`. */
export function minuteStart(ts: number): number {
  return Math.floor(ts / MINUTE_MS) * MINUTE_MS;
}

/** Start of the last minute that ended at or before `nowTs`. */
export function lastCompleteMinute(nowTs: number): number {
  return minuteStart(nowTs) - MINUTE_MS;
}

/** Milliseconds from `nowTs` until the next instant that is a minute boundary plus `delayMs` (0 < result <= 1 min). */
export function msUntilNextCycle(nowTs: number, delayMs: number): number {
  const offset = ((delayMs % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
  const next = minuteStart(nowTs - offset) + MINUTE_MS + offset;
  return next - nowTs;
}
