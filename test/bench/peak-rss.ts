/** The highest RSS of this process over a stretch of a benchmark, sampled every 50 ms (a peak between two samples is missed). */
export function sampleRss(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  timer.unref();
  /** Stops sampling; the peak, MB. */
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage.rss()) / 1e6);
  };
}
