/**
 * What the models learn from: every segment's 15-minute means of PV, street-light and EV power, read
 * a day at a time so a warm-up over weeks of a large fleet never holds more than a day of them.
 * Adapters: PgRollupHistory (the telemetry_15m rollup that ingestion keeps), InMemoryRollupHistory (unit specs).
 */
import { DAY_MS } from '@trottoir/kernel';
import type { QuarterHourObservation } from '@trottoir/forecasting-domain';

export const MEASURED_HISTORY = Symbol('MeasuredHistory');

export interface MeasuredHistory {
  /**
   * Calls `onChunk` with the intervals starting in [fromTs, toTs), in time order then by segment id, one
   * day at most per call and never with none; returns how many intervals it gave.
   */
  read(fromTs: number, toTs: number, onChunk: (observations: QuarterHourObservation[]) => void | Promise<void>): Promise<number>;
}

/** The day-long windows [from, to) that cover [fromTs, toTs), the last one shorter: how every adapter chunks a read. */
export function dayWindows(fromTs: number, toTs: number): Array<readonly [number, number]> {
  const windows: Array<readonly [number, number]> = [];
  for (let chunkFrom = fromTs; chunkFrom < toTs; chunkFrom += DAY_MS) windows.push([chunkFrom, Math.min(toTs, chunkFrom + DAY_MS)]);
  return windows;
}
