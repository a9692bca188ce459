/**
 * Learned EV charging habits: for each entry (a segment, or a grid node with its summed power) and
 * each local hour of the week (168 buckets), a histogram of 15-minute EV power as a share of the
 * entry's capacity. Counts are bytes; when a bucket would pass `maxSamplesPerBucket` all its counts
 * are halved, an exponential forgetting that lets habits change (with the default 32, a bucket sees
 * 4 samples a week and old habits lose half their weight every 4–8 weeks).
 *
 * State is one plain object of typed arrays, kept in memory by the service and serialisable as is
 * (structured clone, or the buffers written to disk): `bins` bytes per bucket, 168 buckets per entry —
 * 1,344 bytes per segment with SEGMENT_EV_LAYOUT (134 MB for 100,000), 5,376 per node with NODE_EV_LAYOUT.
 */
import { hourOfWeekOf } from '@trottoir/kernel';
import { binOf } from './ev-histogram';
import type { EvHistogramLayout } from './ev-histogram';

export const HOURS_PER_WEEK = 168;

export interface EvHabits {
  readonly layout: EvHistogramLayout;
  /** Bins per bucket (layout.edges.length). */
  readonly bins: number;
  /** Σ connector max power per entry, W (the unit of the histograms). */
  readonly capacityW: Float64Array;
  /** Counts `[(entry × 168 + hourOfWeek) × bins + bin]`. */
  readonly counts: Uint8Array;
  readonly maxSamplesPerBucket: number;
}

export function createEvHabits(capacityW: Float64Array, layout: EvHistogramLayout, maxSamplesPerBucket = 32): EvHabits {
  if (!Number.isInteger(maxSamplesPerBucket) || maxSamplesPerBucket < 2 || maxSamplesPerBucket > 255) {
    throw new RangeError(`maxSamplesPerBucket must be an integer in [2, 255], got ${maxSamplesPerBucket}`);
  }
  const bins = layout.edges.length;
  return { layout, bins, capacityW, counts: new Uint8Array(capacityW.length * HOURS_PER_WEEK * bins), maxSamplesPerBucket };
}

/** Σ connector max power, W: the capacity of a segment (add the segments' for a node). */
export function evCapacityW(connectors: readonly { maxPowerW: number }[]): number {
  let total = 0;
  for (const connector of connectors) total += Math.max(0, connector.maxPowerW);
  return total;
}

/** Samples in one bucket (after forgetting). */
export function bucketSamples(habits: EvHabits, entry: number, hourOfWeek: number): number {
  const start = (entry * HOURS_PER_WEEK + hourOfWeek) * habits.bins;
  let total = 0;
  for (let b = 0; b < habits.bins; b++) total += habits.counts[start + b];
  return total;
}

/** Feeds one 15-minute mean EV power into a bucket. Non-finite or negative powers are ignored. */
export function observeEvPowerInBucket(habits: EvHabits, entry: number, hourOfWeek: number, powerW: number): void {
  const capacityW = habits.capacityW[entry];
  if (!(capacityW > 0) || !(powerW >= 0) || !Number.isFinite(powerW)) return;
  const { bins, counts } = habits;
  const start = (entry * HOURS_PER_WEEK + hourOfWeek) * bins;
  let total = 0;
  for (let b = 0; b < bins; b++) total += counts[start + b];
  if (total >= habits.maxSamplesPerBucket) {
    for (let b = 0; b < bins; b++) counts[start + b] >>= 1;
  }
  counts[start + binOf(habits.layout, powerW / capacityW)]++;
}

/**
 * Feeds the mean EV power of the 15-minute interval starting at `ts`, bucketed by the local hour of
 * the week in `timeZone` (the local offset is cached per interval, so a whole fleet's samples of one
 * interval cost one Intl lookup).
 */
export function observeEvPower(habits: EvHabits, entry: number, ts: number, powerW: number, timeZone: string): void {
  observeEvPowerInBucket(habits, entry, hourOfWeekOf(ts, timeZone), powerW);
}
