/**
 * The growth of a process's resident memory over a soak, MB per hour: the least-squares slope of its RSS
 * samples. A service restarted on the schedule starts a new series (a new process): each process is fitted
 * alone and the service reports its longest-lived process, the one that says most about a leak.
 */
export interface RssSample {
  /** Wall clock, ms. */
  atMs: number;
  rssMb: number;
}

/** Least-squares slope in MB per hour; null with fewer than 3 samples or no time between them. */
export function slopeMbPerHour(samples: readonly RssSample[]): number | null {
  if (samples.length < 3) return null;
  const n = samples.length;
  const meanT = samples.reduce((sum, s) => sum + s.atMs, 0) / n;
  const meanR = samples.reduce((sum, s) => sum + s.rssMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.atMs - meanT) * (s.rssMb - meanR);
    den += (s.atMs - meanT) ** 2;
  }
  return den === 0 ? null : (num / den) * 3_600_000;
}

/** The series of the process (pid) sampled longest, after dropping its first `warmupMs` (heaps grow at start). */
export function longestRun(byPid: ReadonlyMap<number, readonly RssSample[]>, warmupMs: number): RssSample[] {
  let best: RssSample[] = [];
  for (const samples of byPid.values()) {
    const start = samples[0]?.atMs ?? 0;
    const settled = samples.filter((s) => s.atMs - start >= warmupMs);
    const span = (xs: RssSample[]) => (xs.length < 2 ? 0 : xs[xs.length - 1].atMs - xs[0].atMs);
    if (span(settled) > span(best)) best = settled;
  }
  return best;
}
