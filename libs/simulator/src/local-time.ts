/**
 * Local wall-clock time of the city (municipal lighting policy and EV habits follow local time, with
 * daylight saving), computed once per step for the whole city through Intl.
 */
export interface LocalTime {
  /** Fractional hour of the local day, 0 ≤ h < 24. */
  hour: number;
  /** Day of the week, Monday = 0 … Sunday = 6. */
  weekday: number;
  /** Hour of the week, Monday 00:00 = 0 … Sunday 23:xx = 167 (whole hours). */
  hourOfWeek: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for an unknown IANA time zone name. */
export function localTimeOf(ts: number, timeZone: string): LocalTime {
  let weekday = 0;
  let hour = 0;
  for (const part of formatterFor(timeZone).formatToParts(new Date(ts))) {
    if (part.type === 'weekday') weekday = WEEKDAYS.indexOf(part.value);
    else if (part.type === 'hour') hour += Number(part.value);
    else if (part.type === 'minute') hour += Number(part.value) / 60;
    else if (part.type === 'second') hour += Number(part.value) / 3600;
  }
  return { hour, weekday, hourOfWeek: weekday * 24 + Math.floor(hour) };
}
