/**
 * `nodes5` (NODES): the mean of the same ISP over the 5 most recent usable working days before the event,
 * whatever the event day's type; no adjustment. Exactly 5 days: fewer in the 45-day look-back fails.
 */
import type { MeterSeries } from '../meter-series';
import type { BaselineCalendar } from './baseline-calendar';
import type { BaselineResult } from './baseline.types';
import { assertOneLocalDay, datesOf, historyDays, meanOfDays } from './history-days';

export const NODES5_DAYS = 5;

export function nodes5Baseline(meter: MeterSeries, calendar: BaselineCalendar): BaselineResult {
  assertOneLocalDay(calendar, 'nodes5');
  const days = historyDays(meter, calendar, 'nodes5', 'working', NODES5_DAYS, NODES5_DAYS);
  const means = meanOfDays(meter, calendar, days);
  return { method: 'nodes5', isps: calendar.eventIsps.map((ts, i) => ({ ts, baselineW: means[i] })), adjustment: null, daysUsed: datesOf(days) };
}
