/**
 * The calendar side of a baseline, computed once per event and shared by every meter it is applied to
 * (the node and each of its segments): the event's ISPs, the days before it with their day type, and
 * where "the same local clock time" falls on each. All the time-zone work happens here, so evaluating a
 * baseline on a meter is map look-ups only.
 */
import { assertTimeZone, DAY_MS, HOUR_MS, isClockChangeDay, ISP_MS, ispsBetween, localDateOf, localDayStartTs, localTimeOfDayMs, localTimeToTs, nextDate, utcMidnightOf, weekdayOf } from '@trottoir/kernel';

import { SettlementInputError } from '../errors';
import { assertIspStart } from '../meter-series';
import type { BaselineEvent, DayType } from './baseline.types';

/** How far back history is looked for (10of10's 45 days; nodes5 and curtailed-pv use the same window). */
export const LOOK_BACK_DAYS = 45;
const ISPS_PER_DAY = DAY_MS / ISP_MS;

export interface HistoryDay {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  dayType: DayType;
  /** The clock changes on this day: never used as history. */
  clockChange: boolean;
  /** Listed as an event day: never used as history for load baselines. */
  eventDay: boolean;
  /** Start of each of the day's 96 ISPs (empty on a clock-change day). */
  ispTs: readonly number[];
  /**
   * For each event ISP, the ISP at the same local clock time on this day (empty on a clock-change day, and
   * when the event crosses midnight: the history methods settle one local day at a time).
   */
  eventTs: readonly number[];
  /**
   * For each ISP of 10of10's adjustment window, the ISP at the same local clock time, on this day or the
   * day before when the window starts before the event day (undefined where that day's clock skips it).
   */
  windowTs: readonly (number | undefined)[];
}

export interface BaselineCalendar {
  timeZone: string;
  eventStartTs: number;
  eventEndTs: number;
  /** Start of each event ISP, in time order. */
  eventIsps: readonly number[];
  /** Local date of the event start. */
  eventDate: string;
  eventDayType: DayType;
  /** The event ends after the local midnight that follows its start. */
  crossesMidnight: boolean;
  /** The LOOK_BACK_DAYS local days before the event date, most recent first. */
  priorDays: readonly HistoryDay[];
  /** 10of10's adjustment window: the ISPs of [start − 4 h, start − 1 h). */
  adjustmentWindowTs: readonly number[];
}

function checkedDates(dates: readonly string[] | undefined, what: string): Set<string> {
  for (const date of dates ?? []) {
    try {
      utcMidnightOf(date);
    } catch {
      throw new SettlementInputError(`${what} "${date}" is not a date (YYYY-MM-DD)`);
    }
  }
  return new Set(dates);
}

function dayTypeOf(date: string, holidays: ReadonlySet<string>): DayType {
  // A date's weekday does not depend on the zone: read it at the date's UTC midnight.
  return weekdayOf(utcMidnightOf(date), 'UTC') < 5 && !holidays.has(date) ? 'working' : 'non-working';
}

/** Whole local days from `from` to `to` (negative when `to` is earlier). */
function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnightOf(to) - utcMidnightOf(from)) / DAY_MS);
}

/** Builds the calendar of an event; throws SettlementInputError on an invalid event or zone. */
export function baselineCalendar(event: BaselineEvent): BaselineCalendar {
  const { eventStartTs, eventEndTs, timeZone } = event;
  try {
    assertTimeZone(timeZone);
  } catch (error) {
    throw new SettlementInputError((error as Error).message);
  }
  assertIspStart(eventStartTs, 'event start');
  assertIspStart(eventEndTs, 'event end');
  if (eventEndTs <= eventStartTs) throw new SettlementInputError('the event ends before it starts: the end is exclusive and must be after the start');
  const holidays = checkedDates(event.holidays, 'holiday');
  const eventDays = checkedDates(event.eventDays, 'event day');

  const eventDate = localDateOf(eventStartTs, timeZone);
  const eventIsps = ispsBetween(eventStartTs, eventEndTs);
  const adjustmentWindowTs = ispsBetween(eventStartTs - 4 * HOUR_MS, eventStartTs - HOUR_MS);
  // Each target ISP as (days after the event date, local time of day): the same pair on another day is "the same ISP".
  const clockOf = (ts: number): [number, number] => [daysBetween(eventDate, localDateOf(ts, timeZone)), localTimeOfDayMs(ts, timeZone)];
  const windowClock = adjustmentWindowTs.map(clockOf);
  const eventTimesOfDay = eventIsps.map((ts) => localTimeOfDayMs(ts, timeZone));

  const crossesMidnight = eventEndTs > localDayStartTs(nextDate(eventDate), timeZone);
  const priorDays: HistoryDay[] = [];
  for (let back = 1; back <= LOOK_BACK_DAYS; back++) {
    const date = nextDate(eventDate, -back);
    const clockChange = isClockChangeDay(date, timeZone);
    const dayStartTs = clockChange ? 0 : localDayStartTs(date, timeZone);
    // On a day without a clock change, local midnight is the first instant and every time of day shows once.
    const sameClock = ([dayOffset, timeOfDayMs]: [number, number]): number | undefined =>
      dayOffset === 0 && !clockChange ? dayStartTs + timeOfDayMs : localTimeToTs(nextDate(date, dayOffset), timeOfDayMs, timeZone);
    priorDays.push({
      date,
      dayType: dayTypeOf(date, holidays),
      clockChange,
      eventDay: eventDays.has(date),
      ispTs: clockChange ? [] : Array.from({ length: ISPS_PER_DAY }, (_, i) => dayStartTs + i * ISP_MS),
      eventTs: clockChange || crossesMidnight ? [] : eventTimesOfDay.map((timeOfDayMs) => dayStartTs + timeOfDayMs),
      windowTs: windowClock.map(sameClock),
    });
  }
  return {
    timeZone,
    eventStartTs,
    eventEndTs,
    eventIsps,
    eventDate,
    eventDayType: dayTypeOf(eventDate, holidays),
    crossesMidnight,
    priorDays,
    adjustmentWindowTs,
  };
}
