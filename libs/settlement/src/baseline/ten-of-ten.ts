/**
 * `10of10`, CAISO's 10-in-10 with a day-of adjustment: the mean of the same ISP over the 10 most recent
 * usable days of the event day's type in the 45 days before it (5 to 9 when fewer are found, fewer than 5
 * fails), scaled by actual ÷ baseline over the window 4 h to 1 h before the event, clamped to [0.8, 1.2].
 */
import type { MeterSeries } from '../meter-series';
import type { BaselineCalendar, HistoryDay } from './baseline-calendar';
import type { BaselineResult } from './baseline.types';
import { assertOneLocalDay, datesOf, historyDays, meanOfDays } from './history-days';

export const TEN_OF_TEN = {
  days: 10,
  minDays: 5,
  minAdjustment: 0.8,
  maxAdjustment: 1.2,
  /** Of the window's 12 ISPs, at least this many must pair an actual with a baseline value for a factor. */
  minWindowIsps: 6,
} as const;

/**
 * The day-of factor, or null when it cannot be computed. Missing data: the window ISPs whose actual value
 * is missing (or whose same clock time no history day has, possible only before midnight) are left out of
 * both sums, so the ratio compares like with like; with fewer than 6 of the 12 left, or a baseline sum of
 * 0, there is no factor: null, and the baseline is not adjusted.
 */
export function dayOfAdjustment(meter: MeterSeries, calendar: BaselineCalendar, days: readonly HistoryDay[]): number | null {
  let actualSum = 0;
  let baselineSum = 0;
  let paired = 0;
  calendar.adjustmentWindowTs.forEach((ts, i) => {
    const actual = meter.get(ts);
    if (actual === undefined) return;
    let sum = 0;
    let count = 0;
    for (const day of days) {
      const value = day.windowTs[i] === undefined ? undefined : meter.get(day.windowTs[i] as number);
      if (value === undefined) continue;
      sum += value;
      count++;
    }
    if (count === 0) return;
    actualSum += actual;
    baselineSum += sum / count;
    paired++;
  });
  if (paired < TEN_OF_TEN.minWindowIsps || baselineSum === 0) return null;
  // A ratio below 0 (the sums have opposite signs) clamps to 0.8 like any ratio below it.
  return Math.min(TEN_OF_TEN.maxAdjustment, Math.max(TEN_OF_TEN.minAdjustment, actualSum / baselineSum));
}

export function tenOfTenBaseline(meter: MeterSeries, calendar: BaselineCalendar): BaselineResult {
  assertOneLocalDay(calendar, '10of10');
  const days = historyDays(meter, calendar, '10of10', calendar.eventDayType, TEN_OF_TEN.days, TEN_OF_TEN.minDays);
  const means = meanOfDays(meter, calendar, days);
  const adjustment = dayOfAdjustment(meter, calendar, days);
  return {
    method: '10of10',
    isps: calendar.eventIsps.map((ts, i) => ({ ts, baselineW: means[i] * (adjustment ?? 1) })),
    adjustment,
    daysUsed: datesOf(days),
  };
}
