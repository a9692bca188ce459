import fc from 'fast-check';

import { DurationFormatError, formatDuration, parseDurationMs } from './duration';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['15m', 900_000],
    ['15min', 900_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    [' 1.5h ', 5_400_000],
  ])('reads %s', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it('reads a bare number only in the unit it is told', () => {
    expect(parseDurationMs('90', { bareUnit: 's' })).toBe(90_000);
    expect(() => parseDurationMs('90')).toThrow(DurationFormatError);
  });

  it.each(['', '5q', '1h 30m', 'h', '-5m', '15mm'])('refuses %j and says what it expected', (text) => {
    expect(() => parseDurationMs(text)).toThrow(/expected e\.g\. 90s, 15m, 1h or 1h30m/);
  });

  it('formats what it reads back', () => {
    expect(formatDuration(900_000)).toBe('15m');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    fc.assert(
      fc.property(fc.maxSafeNat().map((n) => n % (400 * 86_400_000)), (ms) => {
        expect(parseDurationMs(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});
