/**
 * A meter series: mean power per ISP, keyed by the ISP's start (epoch ms UTC). A missing key is missing
 * data — the rules that read a series say what they do without it; none of them reads it as 0.
 */
import { ISP_MS } from '@trottoir/kernel';

import { isoOf, SettlementInputError } from './errors';

/** ISP start (epoch ms UTC) → mean power, W (import positive, export negative, as at a connection point). */
export type MeterSeries = ReadonlyMap<number, number>;

export interface MeterReading {
  /** Start of the ISP, epoch ms UTC, a multiple of 15 minutes. */
  ts: number;
  /** Mean power over the ISP, W. */
  powerW: number;
}

/** Throws unless `ts` is the start of an ISP (of `ispMs`, 15 minutes unless given). */
export function assertIspStart(ts: number, what: string, ispMs: number = ISP_MS): void {
  if (!Number.isSafeInteger(ts) || ts % ispMs !== 0) {
    const length = ispMs === ISP_MS ? '15-minute' : `${ispMs} ms`;
    throw new SettlementInputError(`${what} ${Number.isFinite(ts) ? isoOf(ts) : ts} is not the start of a ${length} ISP`);
  }
}

/** Builds a series from readings; refuses unaligned or repeated ISPs and non-finite powers. */
export function meterSeriesOf(readings: Iterable<MeterReading>): MeterSeries {
  const series = new Map<number, number>();
  for (const { ts, powerW } of readings) {
    assertIspStart(ts, 'reading');
    if (!Number.isFinite(powerW)) throw new SettlementInputError(`reading at ${isoOf(ts)}: power ${powerW} is not a finite number of W`);
    if (series.has(ts)) throw new SettlementInputError(`two readings for the ISP ${isoOf(ts)}`);
    series.set(ts, powerW);
  }
  return series;
}
