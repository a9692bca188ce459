/** One entry for the four methods that read a single meter series: the order names its method. */
import { SettlementInputError } from '../errors';
import type { MeterSeries } from '../meter-series';
import type { BaselineCalendar } from './baseline-calendar';
import { baselineCalendar } from './baseline-calendar';
import type { BaselineEvent, BaselineResult, MeterBaselineMethod } from './baseline.types';
import { mbmaBaseline } from './mbma';
import { nodes5Baseline } from './nodes5';
import { pjmSameDayBaseline } from './pjm-same-day';
import { tenOfTenBaseline } from './ten-of-ten';

/** The baseline of `meter` by `method`, on a calendar built once per event (see baselineCalendar). */
export function meterBaseline(method: MeterBaselineMethod, meter: MeterSeries, calendar: BaselineCalendar): BaselineResult {
  switch (method) {
    case '10of10':
      return tenOfTenBaseline(meter, calendar);
    case 'nodes5':
      return nodes5Baseline(meter, calendar);
    case 'pjm-same-day':
      return pjmSameDayBaseline(meter, calendar);
    case 'mbma':
      return mbmaBaseline(meter, calendar);
    default: {
      const unknown: never = method;
      throw new SettlementInputError(`unknown baseline method ${String(unknown)}`);
    }
  }
}

/** One meter, one event: builds the calendar and computes. For many meters, build the calendar once. */
export function computeBaseline(method: MeterBaselineMethod, meter: MeterSeries, event: BaselineEvent): BaselineResult {
  return meterBaseline(method, meter, baselineCalendar(event));
}
