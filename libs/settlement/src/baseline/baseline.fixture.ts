/** Hand-made meter series for the baseline specs: whole local days, holes, and a cheap seeded noise. */
import { DAY_MS, ISP_MS, localDayStartTs, localTimeOfDayMs, nextDate } from '@trottoir/kernel';

export const PARIS = 'Europe/Paris';

/** The ISPs of a local day (92, 96 or 100 of them). */
export function ispsOfDay(date: string, timeZone = PARIS): number[] {
  const start = localDayStartTs(date, timeZone);
  const end = localDayStartTs(nextDate(date), timeZone);
  return Array.from({ length: (end - start) / ISP_MS }, (_, i) => start + i * ISP_MS);
}

/** The `count` local dates ending with `last`, oldest first. */
export function datesUntil(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => nextDate(last, i - count + 1));
}

/**
 * A series over whole local days: `powerW(date, timeOfDayMs, ts)` for each ISP; return undefined to leave
 * the ISP out (missing data).
 */
export function seriesOfDays(dates: readonly string[], powerW: (date: string, timeOfDayMs: number, ts: number) => number | undefined, timeZone = PARIS): Map<number, number> {
  const series = new Map<number, number>();
  for (const date of dates) {
    for (const [ts, timeOfDayMs] of clockOfDay(date, timeZone)) {
      const value = powerW(date, timeOfDayMs, ts);
      if (value !== undefined) series.set(ts, value);
    }
  }
  return series;
}

// Property tests build thousands of series over the same days: the time-zone work is done once per day.
const clocks = new Map<string, [number, number][]>();
function clockOfDay(date: string, timeZone: string): [number, number][] {
  const key = `${timeZone} ${date}`;
  let clock = clocks.get(key);
  if (!clock) {
    clock = ispsOfDay(date, timeZone).map((ts) => [ts, localTimeOfDayMs(ts, timeZone)]);
    clocks.set(key, clock);
  }
  return clock;
}

/** Deterministic noise in [0, 1) from a seed and an index (a hash, not a generator). */
export function noise(seed: number, index: number): number {
  const x = Math.sin(seed * 12.9898 + index * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/** Local hour of a time of day, for readable profiles. */
export const hourOf = (timeOfDayMs: number): number => (timeOfDayMs / DAY_MS) * 24;
