/**
 * Imbalance settlement periods (ISP): the 15-minute market time unit, aligned on UTC.
 * Every flexibility quantity, forecast and statement is expressed per ISP.
 */
import { MINUTE_MS } from './time';

export const ISP_MS = 15 * MINUTE_MS;

/** Start (epoch ms UTC) of the ISP that contains `ts`. */
export function ispStart(ts: number): number {
  return Math.floor(ts / ISP_MS) * ISP_MS;
}

/** Start times of every ISP that overlaps [fromTs, toTs). */
export function ispsBetween(fromTs: number, toTs: number): number[] {
  const starts: number[] = [];
  for (let start = ispStart(fromTs); start < toTs; start += ISP_MS) starts.push(start);
  return starts;
}
