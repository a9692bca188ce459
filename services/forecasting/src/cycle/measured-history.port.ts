/**
 * What the models learn from: every segment's 15-minute means of PV, street-light and EV power, read
 * an hour at a time so a warm-up over weeks of a large fleet never holds more than an hour of them (a
 * day of 100,000 segments is 9.6 M rows: some 2 GB as row objects, twice the service's memory).
 * Adapters: PgRollupHistory (the telemetry_15m rollup that ingestion keeps), InMemoryRollupHistory (unit specs).
 */
import { HOUR_MS } from '@trottoir/kernel';
import type { QuarterHourObservation } from '@trottoir/forecasting-domain';

export const MEASURED_HISTORY = Symbol('MeasuredHistory');

export interface MeasuredHistory {
  /**
   * Calls `onChunk` with the intervals starting in [fromTs, toTs), in time order then by segment id, one
   * hour at most per call and never with none; returns how many intervals it gave.
   */
  read(fromTs: number, toTs: number, onChunk: (observations: QuarterHourObservation[]) => void | Promise<void>): Promise<number>;
}

/** The hour-long windows [from, to) that cover [fromTs, toTs), the last one shorter: how every adapter chunks a read. */
export function historyWindows(fromTs: number, toTs: number): Array<readonly [number, number]> {
  const windows: Array<readonly [number, number]> = [];
  for (let chunkFrom = fromTs; chunkFrom < toTs; chunkFrom += HOUR_MS) windows.push([chunkFrom, Math.min(toTs, chunkFrom + HOUR_MS)]);
  return windows;
}
