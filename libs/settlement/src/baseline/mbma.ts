/** `mbma` (meter before, meter after): the value of the ISP that ends at the event start, held through the event. */
import { ISP_MS } from '@trottoir/kernel';

import { isoOf, MissingDataError, SettlementInputError } from '../errors';
import type { MeterSeries } from '../meter-series';
import type { BaselineCalendar } from './baseline-calendar';
import type { BaselineResult } from './baseline.types';

/** Missing data: without that one ISP there is no baseline (MissingDataError); an earlier ISP is not taken instead. */
export function mbmaBaseline(meter: MeterSeries, calendar: BaselineCalendar): BaselineResult {
  return meterBeforeBaseline(meter, calendar.eventIsps, ISP_MS);
}

/**
 * `mbma` on ISPs of any length (a demonstration's one-minute ISPs): needs no calendar, since it reads
 * no history day. `eventIspTs` are the event's ISP starts, in time order; the meter is keyed by ISP start.
 */
export function meterBeforeBaseline(meter: MeterSeries, eventIspTs: readonly number[], ispMs: number): BaselineResult {
  if (eventIspTs.length === 0) throw new SettlementInputError('mbma: the event has no ISP');
  const beforeTs = eventIspTs[0] - ispMs;
  const baselineW = meter.get(beforeTs);
  if (baselineW === undefined) throw new MissingDataError(`mbma: no reading for the ISP before the event (${isoOf(beforeTs)})`, 'meter', beforeTs);
  return { method: 'mbma', isps: eventIspTs.map((ts) => ({ ts, baselineW })), adjustment: null, daysUsed: [] };
}
