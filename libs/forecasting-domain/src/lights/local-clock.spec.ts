import { hourOfWeekOf, localHourOf, utcOffsetMs } from './local-clock';

describe('local clock', () => {
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
});
