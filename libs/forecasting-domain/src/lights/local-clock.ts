/**
 * Local wall-clock time for the load models (lighting windows and EV habits follow local time, with
 * daylight saving). Intl is slow (microseconds a call), so the UTC offset is cached per time zone and
 * 15-minute interval: every zone offset in the tz database is a multiple of 15 minutes and changes on
 * an interval boundary, so one lookup serves a whole ISP for every segment of the fleet.
 */
import { ISP_MS } from '@trottoir/kernel';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
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

/** Fractional local hour of the day, 0 ≤ h < 24. */
export function localHourOf(ts: number, timeZone: string): number {
  const local = ts + utcOffsetMs(ts, timeZone);
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

/** Local hour of the week, Monday 00:00–00:59 = 0 … Sunday 23:xx = 167. */
export function hourOfWeekOf(ts: number, timeZone: string): number {
  const localHours = Math.floor((ts + utcOffsetMs(ts, timeZone)) / HOUR_MS);
  const days = Math.floor(localHours / 24);
  const weekday = (((days + EPOCH_WEEKDAY) % 7) + 7) % 7;
  return weekday * 24 + (((localHours % 24) + 24) % 24);
}
