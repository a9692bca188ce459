/** `mbma` (meter before, meter after): the value of the ISP that ends at the event start, held through the event. */
import { ISP_MS } from '@trottoir/kernel';

import { isoOf, MissingDataError } from '../errors';
import type { MeterSeries } from '../meter-series';
import type { BaselineCalendar } from './baseline-calendar';
import type { BaselineResult } from './baseline.types';

/** Missing data: without that one ISP there is no baseline (MissingDataError); an earlier ISP is not taken instead. */
export function mbmaBaseline(meter: MeterSeries, calendar: BaselineCalendar): BaselineResult {
  const beforeTs = calendar.eventStartTs - ISP_MS;
  const baselineW = meter.get(beforeTs);
  if (baselineW === undefined) throw new MissingDataError(`mbma: no reading for the ISP before the event (${isoOf(beforeTs)})`, 'meter', beforeTs);
  return { method: 'mbma', isps: calendar.eventIsps.map((ts) => ({ ts, baselineW })), adjustment: null, daysUsed: [] };
}
