/**
 * What the two history methods (10of10, nodes5) share: picking the most recent usable days and averaging
 * "the same ISP" over them. A usable day has every one of its 96 ISPs in the meter (a day with a gap is not
 * a complete day), is not a clock-change day and is not a listed event day.
 */
import { InsufficientHistoryError, SettlementInputError } from '../errors';
import type { MeterSeries } from '../meter-series';
import type { BaselineCalendar, HistoryDay } from './baseline-calendar';
import { LOOK_BACK_DAYS } from './baseline-calendar';
import type { DayType } from './baseline.types';

export function assertOneLocalDay(calendar: BaselineCalendar, method: string): void {
  if (calendar.crossesMidnight) {
    throw new SettlementInputError(`${method} settles one local day at a time: this event crosses midnight (${calendar.timeZone}); split it at midnight`);
  }
}

function isComplete(meter: MeterSeries, day: HistoryDay): boolean {
  return day.ispTs.length > 0 && day.ispTs.every((ts) => meter.has(ts));
}

/**
 * The `wanted` most recent usable days of `dayType` in the look-back, most recent first; fewer than
 * `needed` throws InsufficientHistoryError with the reasons the other days were passed over.
 */
export function historyDays(meter: MeterSeries, calendar: BaselineCalendar, method: string, dayType: DayType, wanted: number, needed: number): HistoryDay[] {
  const days: HistoryDay[] = [];
  let ofType = 0;
  let eventDays = 0;
  let clockChanges = 0;
  for (const day of calendar.priorDays) {
    if (days.length === wanted) break;
    if (day.dayType !== dayType) continue;
    ofType++;
    if (day.clockChange) clockChanges++;
    else if (day.eventDay) eventDays++;
    else if (isComplete(meter, day)) days.push(day);
  }
  if (days.length < needed) {
    const incomplete = ofType - eventDays - clockChanges - days.length;
    throw new InsufficientHistoryError(
      method,
      days.length,
      needed,
      LOOK_BACK_DAYS,
      `${ofType} ${dayType} day(s) before ${calendar.eventDate}: ${eventDays} event day(s), ${clockChanges} clock-change day(s), ${incomplete} with missing ISPs`,
    );
  }
  return days;
}

/** Per event ISP, the mean over `days` of the meter at the same local clock time (the days are complete). */
export function meanOfDays(meter: MeterSeries, calendar: BaselineCalendar, days: readonly HistoryDay[]): number[] {
  return calendar.eventIsps.map((_, i) => days.reduce((sum, day) => sum + (meter.get(day.eventTs[i]) as number), 0) / days.length);
}

/** Local dates of `days`, oldest first. */
export function datesOf(days: readonly HistoryDay[]): string[] {
  return days.map((day) => day.date).sort();
}
