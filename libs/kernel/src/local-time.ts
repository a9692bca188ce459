/**
 * Local wall-clock time: lighting policies, EV habits, baselines' day types and "the same ISP on another
 * day" all follow the local clock, with daylight saving. Intl is slow (microseconds a call), so the UTC
 * offset is cached per time zone and 15-minute interval: every zone offset in the tz database is a
 * multiple of 15 minutes and changes on an interval boundary, so one lookup serves a whole ISP for every
 * segment of the fleet.
 */
import { ISP_MS } from './isp';
import { DAY_MS, HOUR_MS } from './time';

// 1970-01-01 was a Thursday: with Monday = 0, day 0 has weekday 3.
const EPOCH_WEEKDAY = 3;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, { isp: number; offsetMs: number }>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** UTC offset of `timeZone` at `ts`, ms (local = UTC + offset). Throws a RangeError for an unknown zone. */
export function utcOffsetMs(ts: number, timeZone: string): number {
  const isp = Math.floor(ts / ISP_MS);
  const cached = offsetCache.get(timeZone);
  if (cached?.isp === isp) return cached.offsetMs;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(isp * ISP_MS))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const localAsUtc = Date.UTC(fields.year ?? 1970, (fields.month ?? 1) - 1, fields.day ?? 1, fields.hour ?? 0, fields.minute ?? 0);
  const offsetMs = localAsUtc - isp * ISP_MS;
  offsetCache.set(timeZone, { isp, offsetMs });
  return offsetMs;
}

/** Throws a RangeError naming the zone when `timeZone` is not an IANA time zone. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new RangeError(`unknown time zone "${timeZone}" (an IANA name such as Europe/Paris)`);
  }
}

/** Fractional local hour of the day, 0 ≤ h < 24. */
export function localHourOf(ts: number, timeZone: string): number {
  const local = ts + utcOffsetMs(ts, timeZone);
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

/** Local day of the week, Monday = 0 … Sunday = 6. */
export function weekdayOf(ts: number, timeZone: string): number {
  const days = Math.floor((ts + utcOffsetMs(ts, timeZone)) / DAY_MS);
  return (((days + EPOCH_WEEKDAY) % 7) + 7) % 7;
}

/** Local hour of the week, Monday 00:00–00:59 = 0 … Sunday 23:xx = 167. */
export function hourOfWeekOf(ts: number, timeZone: string): number {
  const localHours = Math.floor((ts + utcOffsetMs(ts, timeZone)) / HOUR_MS);
  const days = Math.floor(localHours / 24);
  const weekday = (((days + EPOCH_WEEKDAY) % 7) + 7) % 7;
  return weekday * 24 + (((localHours % 24) + 24) % 24);
}

export interface LocalTime {
  /** Fractional hour of the local day, 0 ≤ h < 24. */
  hour: number;
  /** Day of the week, Monday = 0 … Sunday = 6. */
  weekday: number;
  /** Hour of the week, Monday 00:00 = 0 … Sunday 23:xx = 167 (whole hours). */
  hourOfWeek: number;
}

/** The local time of `ts` in one call (the simulator computes it once per step for the whole city). */
export function localTimeOf(ts: number, timeZone: string): LocalTime {
  const hour = localHourOf(ts, timeZone);
  const weekday = weekdayOf(ts, timeZone);
  return { hour, weekday, hourOfWeek: weekday * 24 + Math.floor(hour) };
}

/** The local calendar date of `ts`, `YYYY-MM-DD`. */
export function localDateOf(ts: number, timeZone: string): string {
  return new Date(ts + utcOffsetMs(ts, timeZone)).toISOString().slice(0, 10);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of a calendar date's 00:00 UTC; throws a RangeError for anything but a real `YYYY-MM-DD`. */
export function utcMidnightOf(date: string): number {
  const match = DATE_PATTERN.exec(date);
  const ts = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(ts).toISOString().slice(0, 10) !== date) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  return ts;
}

/**
 * Epoch ms at which the local day `date` begins in `timeZone` (its first instant: 00:00, or later where
 * the clock jumps over midnight).
 */
export function localDayStartTs(date: string, timeZone: string): number {
  const midnightAsUtc = utcMidnightOf(date);
  let ts = midnightAsUtc - utcOffsetMs(midnightAsUtc, timeZone);
  // The offset at the guess may differ from the offset at the answer across a change: settle it.
  for (let i = 0; i < 2; i++) ts = midnightAsUtc - utcOffsetMs(ts, timeZone);
  while (localDateOf(ts, timeZone) < date) ts += ISP_MS;
  while (localDateOf(ts - ISP_MS, timeZone) === date) ts -= ISP_MS;
  return ts;
}

/** The date after `date`, `YYYY-MM-DD`. */
export function nextDate(date: string, days = 1): string {
  return new Date(utcMidnightOf(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** True when the local clock changes during `date` (the day is not 24 hours long). */
export function isClockChangeDay(date: string, timeZone: string): boolean {
  return localDayStartTs(nextDate(date), timeZone) - localDayStartTs(date, timeZone) !== DAY_MS;
}

/** Wall-clock time of day of `ts` in `timeZone`, ms since local midnight (0 ≤ t < DAY_MS). */
export function localTimeOfDayMs(ts: number, timeZone: string): number {
  const local = ts + utcOffsetMs(ts, timeZone);
  return ((local % DAY_MS) + DAY_MS) % DAY_MS;
}

/**
 * The instant at which the local clock of `timeZone` reads `timeOfDayMs` on `date` ("the same ISP on another
 * day"): the earlier one where the clock goes back and shows it twice, undefined where it jumps over it.
 */
export function localTimeToTs(date: string, timeOfDayMs: number, timeZone: string): number | undefined {
  if (!(timeOfDayMs >= 0 && timeOfDayMs < DAY_MS)) throw new RangeError(`time of day ${timeOfDayMs} ms is outside [0, ${DAY_MS})`);
  const wall = utcMidnightOf(date) + timeOfDayMs;
  // A zone's offset changes at most once within a day either side: the offsets in force a day before,
  // at and a day after the wall time (read as UTC) hold every candidate.
  let found: number | undefined;
  for (const offsetMs of [utcOffsetMs(wall - DAY_MS, timeZone), utcOffsetMs(wall, timeZone), utcOffsetMs(wall + DAY_MS, timeZone)]) {
    const ts = wall - offsetMs;
    if (ts + utcOffsetMs(ts, timeZone) === wall && (found === undefined || ts < found)) found = ts;
  }
  return found;
}
