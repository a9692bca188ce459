/**
 * The one simulation clock, for the simulator service and `trottoir simulate` alike. Step k simulates
 * the interval [simStartTs + k·interval, simStartTs + (k+1)·interval) and its reading is stamped at the
 * interval's end, as a meter reports. Simulated time runs `speed` times faster than the wall clock from
 * the start, but never ahead of it: a reading is never sent before the instant it is stamped with, so a
 * fast replay from a past start catches up with now and then goes on in real time (ingestion rejects
 * readings from the future).
 */

/** The instant the reading of step k is stamped with: the end of its interval. */
export function stepStampTs(step: number, simStartTs: number, intervalMs: number): number {
  return simStartTs + (step + 1) * intervalMs;
}

/** When step k may be sent, epoch ms of the wall clock. */
export function stepDueAtMs(step: number, wallStartMs: number, simStartTs: number, intervalMs: number, speed: number): number {
  return Math.max(wallStartMs + ((step + 1) * intervalMs) / speed, stepStampTs(step, simStartTs, intervalMs));
}

/**
 * Where simulated time starts in real-time mode, on an interval boundary. At speed 1, or without a
 * duration, it is now. Faster than real time with a duration, it starts that much simulated time in
 * the past, so that the run catches up with now as it ends.
 */
export function realTimeStartTs(nowMs: number, intervalMs: number, speed: number, durationMs?: number): number {
  const aligned = (ts: number) => Math.floor(ts / intervalMs) * intervalMs;
  if (speed <= 1 || durationMs === undefined) return aligned(nowMs);
  return aligned(nowMs - durationMs * speed);
}
