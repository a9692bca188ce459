/**
 * `pjm-same-day` (PJM "Same Day 3+2"): one constant, the mean of the ISPs in [start − 4 h, start − 1 h) and
 * [end + 1 h, end + 3 h) — three hours before and two after, one hour skipped on each side so that the
 * ramps around the event stay out. It can only be computed 3 h after the event ends.
 */
import { HOUR_MS, ISP_MS, ispsBetween } from '@trottoir/kernel';

import { isoOf, MissingDataError } from '../errors';
import type { MeterSeries } from '../meter-series';
import type { BaselineCalendar } from './baseline-calendar';
import type { BaselineResult } from './baseline.types';

/**
 * Missing data: the mean is over the ISPs present, provided each window keeps at least half of its ISPs
 * (6 of 12 before, 4 of 8 after); otherwise MissingDataError — a mean from one side only is another method.
 */
export function pjmSameDayBaseline(meter: MeterSeries, calendar: BaselineCalendar): BaselineResult {
  const windows = [
    { name: 'before', isps: ispsBetween(calendar.eventStartTs - 4 * HOUR_MS, calendar.eventStartTs - HOUR_MS) },
    { name: 'after', isps: ispsBetween(calendar.eventEndTs + HOUR_MS, calendar.eventEndTs + 3 * HOUR_MS) },
  ];
  let sum = 0;
  let count = 0;
  for (const window of windows) {
    const present = window.isps.filter((ts) => meter.has(ts));
    if (present.length * 2 < window.isps.length) {
      const firstMissing = window.isps.find((ts) => !meter.has(ts)) as number;
      throw new MissingDataError(
        `pjm-same-day: the window ${window.name} the event (${isoOf(window.isps[0])} to ${isoOf(window.isps[window.isps.length - 1] + ISP_MS)}) has ${present.length} of its ${window.isps.length} ISPs, at least half needed (first missing: ${isoOf(firstMissing)})`,
        'meter',
        firstMissing,
      );
    }
    for (const ts of present) sum += meter.get(ts) as number;
    count += present.length;
  }
  const baselineW = sum / count;
  return { method: 'pjm-same-day', isps: calendar.eventIsps.map((ts) => ({ ts, baselineW })), adjustment: null, daysUsed: [] };
}
