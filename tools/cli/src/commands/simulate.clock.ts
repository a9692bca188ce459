/**
 * Where simulated time starts in real-time mode. At --speed 1 it is now. Faster than real time,
 * simulated time would run ahead of the wall clock, and ingestion rejects readings from the future;
 * so a run with a --duration starts that much simulated time in the past and ends at (about) now.
 * Without --duration there is no end to aim at: it starts now and runs ahead (the command warns).
 */
export function realTimeStartTs(nowMs: number, intervalMs: number, speed: number, durationMs?: number): number {
  const aligned = (ts: number) => Math.floor(ts / intervalMs) * intervalMs;
  if (speed <= 1 || durationMs === undefined) return aligned(nowMs);
  return aligned(nowMs - durationMs * speed);
}
