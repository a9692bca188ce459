import fc from 'fast-check';

import { DAY_MS, HOUR_MS, MINUTE_MS } from './time';
import {
  hourOfWeekOf,
  isClockChangeDay,
  localDateOf,
  localDayStartTs,
  localHourOf,
  localTimeOf,
  localTimeOfDayMs,
  localTimeToTs,
  nextDate,
  utcMidnightOf,
  utcOffsetMs,
  weekdayOf,
} from './local-time';

describe('local time', () => {
  it('numbers the hours of the week from Monday 00:00 local time, in winter and in summer', () => {
    expect(hourOfWeekOf(Date.UTC(2026, 10, 29, 23, 0), 'Europe/Paris')).toBe(0); // Mon 30 Nov 00:00 CET
    expect(hourOfWeekOf(Date.UTC(2026, 10, 29, 22, 59), 'Europe/Paris')).toBe(167); // Sun 23:59
    expect(hourOfWeekOf(Date.UTC(2026, 5, 21, 22, 0), 'Europe/Paris')).toBe(0); // Mon 22 Jun 00:00 CEST
    expect(hourOfWeekOf(Date.UTC(2026, 5, 23, 17, 30), 'Europe/Paris')).toBe(24 + 19); // Tue 19:30
    expect(hourOfWeekOf(Date.UTC(2026, 10, 30, 4, 59), 'America/New_York')).toBe(167); // Sun 23:59 EST
  });

  it('follows daylight saving and half-hour zones', () => {
    expect(localHourOf(Date.UTC(2026, 2, 29, 0, 45), 'Europe/Paris')).toBeCloseTo(1.75, 9);
    expect(localHourOf(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Paris')).toBeCloseTo(3, 9);
    expect(utcOffsetMs(Date.UTC(2026, 0, 1), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(() => utcOffsetMs(0, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('agrees with Intl on the local hour, weekday and date at any instant', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
    const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ts, zone) => {
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
            .formatToParts(new Date(ts))
            .map((part) => [part.type, part.value]),
        );
        const local = localTimeOf(ts, zone);
        const hour = Number(parts.hour) + Number(parts.minute) / 60 + Number(parts.second) / 3600 + (ts % 1000) / 3_600_000;
        expect(local.hour).toBeCloseTo(hour, 9);
        expect(local.weekday).toBe(weekdays.indexOf(parts.weekday));
        expect(weekdayOf(ts, zone)).toBe(local.weekday);
        expect(localDateOf(ts, zone)).toBe(`${parts.year}-${parts.month}-${parts.day}`);
      }),
      { numRuns: 500 },
    );
  });

  it('finds where local days begin and which days the clock changes on', () => {
    expect(localDayStartTs('2026-03-29', 'Europe/Paris')).toBe(Date.UTC(2026, 2, 28, 23));
    expect(localDayStartTs('2026-03-30', 'Europe/Paris') - localDayStartTs('2026-03-29', 'Europe/Paris')).toBe(23 * HOUR_MS);
    expect(localDayStartTs('2026-10-26', 'Europe/Paris') - localDayStartTs('2026-10-25', 'Europe/Paris')).toBe(25 * HOUR_MS);
    expect(isClockChangeDay('2026-03-29', 'Europe/Paris')).toBe(true);
    expect(isClockChangeDay('2026-10-25', 'Europe/Paris')).toBe(true);
    expect(isClockChangeDay('2026-10-26', 'Europe/Paris')).toBe(false);
    expect(isClockChangeDay('2026-03-29', 'UTC')).toBe(false);
    expect(nextDate('2026-12-31')).toBe('2027-01-01');
    expect(() => utcMidnightOf('2026-02-30')).toThrow(RangeError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 365 }), fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Kolkata'), (day, zone) => {
        const date = nextDate('2020-01-01', day);
        const start = localDayStartTs(date, zone);
        expect(localDateOf(start, zone)).toBe(date);
        expect(localDateOf(start - 1, zone)).toBe(nextDate(date, -1));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the wall-clock time of day and finds the instant a date shows it, across clock changes', () => {
    expect(localTimeOfDayMs(Date.UTC(2026, 2, 10, 16, 15), 'Europe/Paris')).toBe(17 * HOUR_MS + 15 * MINUTE_MS);
    expect(localTimeOfDayMs(Date.UTC(2026, 5, 10, 22, 30), 'Europe/Paris')).toBe(30 * MINUTE_MS);
    expect(localTimeToTs('2026-03-10', 17 * HOUR_MS, 'Europe/Paris')).toBe(Date.UTC(2026, 2, 10, 16));
    expect(localTimeToTs('2026-06-10', 17 * HOUR_MS, 'Europe/Paris')).toBe(Date.UTC(2026, 5, 10, 15));
    // 29 March: 02:00–02:59 never shows; 25 October: 02:00–02:59 shows twice, the first is taken.
    expect(localTimeToTs('2026-03-29', 2 * HOUR_MS + 30 * MINUTE_MS, 'Europe/Paris')).toBeUndefined();
    expect(localTimeToTs('2026-03-29', 3 * HOUR_MS, 'Europe/Paris')).toBe(Date.UTC(2026, 2, 29, 1));
    expect(localTimeToTs('2026-10-25', 2 * HOUR_MS + 30 * MINUTE_MS, 'Europe/Paris')).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(localTimeToTs('2026-10-25', 3 * HOUR_MS, 'Europe/Paris')).toBe(Date.UTC(2026, 9, 25, 2));
    expect(() => localTimeToTs('2026-10-25', DAY_MS, 'Europe/Paris')).toThrow(RangeError);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'), (ts, zone) => {
        const timeOfDay = localTimeOfDayMs(ts, zone);
        expect(Math.abs(timeOfDay - localHourOf(ts, zone) * HOUR_MS)).toBeLessThan(1);
        const back = localTimeToTs(localDateOf(ts, zone), timeOfDay, zone);
        // The same instant, or the earlier showing of the same wall time where the clock went back.
        expect(back).toBeDefined();
        expect(back!).toBeLessThanOrEqual(ts);
        expect(ts - back!).toBeLessThanOrEqual(HOUR_MS);
        expect(localTimeOfDayMs(back!, zone)).toBe(timeOfDay);
        expect(localDateOf(back!, zone)).toBe(localDateOf(ts, zone));
      }),
      { numRuns: 500 },
    );
  });
});
