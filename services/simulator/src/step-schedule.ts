/**
 * When the simulator sends step k, the reading of interval k stamped at its end
 * (simStartTs + (k+1)·interval). Simulated time runs `speed` times faster than the wall clock from
 * the start, but never ahead of it: a reading is never sent before the instant it is stamped with,
 * so a fast replay from a past start catches up with now and then goes on in real time (ingestion
 * rejects readings from the future).
 */
export function stepDueAtMs(step: number, wallStartMs: number, simStartTs: number, intervalMs: number, speed: number): number {
  const stampedTs = simStartTs + (step + 1) * intervalMs;
  return Math.max(wallStartMs + ((step + 1) * intervalMs) / speed, stampedTs);
}
