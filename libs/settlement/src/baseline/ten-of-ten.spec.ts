import { HOUR_MS, MINUTE_MS, nextDate } from '@trottoir/kernel';

import { InsufficientHistoryError, SettlementInputError } from '../errors';
import { baselineCalendar } from './baseline-calendar';
import { datesUntil, hourOf, PARIS, seriesOfDays } from './baseline.fixture';
import type { BaselineEvent } from './baseline.types';
import { tenOfTenBaseline } from './ten-of-ten';

// Tuesday 10 March 2026, 17:00–19:00 in Paris (UTC+1): 16:00–18:00 UTC, 8 ISPs; window 13:00–16:00 local.
const EVENT: BaselineEvent = { eventStartTs: Date.UTC(2026, 2, 10, 16), eventEndTs: Date.UTC(2026, 2, 10, 18), timeZone: PARIS };
const EVENT_DATE = '2026-03-10';
const HISTORY = datesUntil('2026-03-09', 45);

/** Each history day at its own constant level (1000 + its day of the year), so a mean tells which days went in. */
const level = (date: string): number => 1000 + Number(date.slice(5, 7)) * 31 + Number(date.slice(8, 10));
const meanLevel = (dates: readonly string[]): number => dates.reduce((s, d) => s + level(d), 0) / dates.length;

/** History at `level`, the event day at `eventDayFactor` × the mean of the `expectedDays`. */
function meter(expectedDays: readonly string[], eventDayFactor = 1, drop: (date: string, timeOfDayMs: number) => boolean = () => false): Map<number, number> {
  const eventDayW = meanLevel(expectedDays) * eventDayFactor;
  return seriesOfDays([...HISTORY, EVENT_DATE], (date, timeOfDayMs) => (drop(date, timeOfDayMs) ? undefined : date === EVENT_DATE ? eventDayW : level(date)));
}

// The working days before 10 March, most recent first: 9, 6, 5, 4, 3, 2 March, 27, 26, 25, 24 February…
const TEN_WORKING = ['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'];

describe('10of10', () => {
  it('averages the 10 most recent days of the event day type, the same ISP on each', () => {
    const result = tenOfTenBaseline(meter(TEN_WORKING), baselineCalendar(EVENT));
    expect(result.method).toBe('10of10');
    expect(result.daysUsed).toEqual(TEN_WORKING);
    expect(result.adjustment).toBe(1);
    expect(result.isps).toHaveLength(8);
    expect(result.isps[0].ts).toBe(EVENT.eventStartTs);
    expect(result.isps[7].ts).toBe(EVENT.eventEndTs - 15 * MINUTE_MS);
    for (const isp of result.isps) expect(isp.baselineW).toBeCloseTo(meanLevel(TEN_WORKING), 9);
  });

  it('scales by actual ÷ baseline over 4 h to 1 h before the event, clamped to [0.8, 1.2]', () => {
    const calendar = baselineCalendar(EVENT);
    for (const [factor, adjustment] of [
      [1.1, 1.1],
      [0.9, 0.9],
      [1.5, 1.2],
      [0.5, 0.8],
      [-1, 0.8], // actual and baseline of opposite signs: a negative ratio clamps like any low one
    ]) {
      const result = tenOfTenBaseline(meter(TEN_WORKING, factor), calendar);
      expect(result.adjustment).toBeCloseTo(adjustment, 12);
      expect(result.isps[3].baselineW).toBeCloseTo(meanLevel(TEN_WORKING) * adjustment, 9);
    }
  });

  it('reads the adjustment window only: the event ISPs and the hour before do not move it', () => {
    const calendar = baselineCalendar(EVENT);
    const series = meter(TEN_WORKING);
    // 16:00–17:00 local (the skipped hour) and the event itself at triple load.
    for (let ts = EVENT.eventStartTs - HOUR_MS; ts < EVENT.eventEndTs; ts += 15 * MINUTE_MS) series.set(ts, 3 * (series.get(ts) as number));
    expect(tenOfTenBaseline(series, calendar).adjustment).toBe(1);
    series.set(EVENT.eventStartTs - HOUR_MS - 15 * MINUTE_MS, 1e9); // 15:45 local: inside the window
    expect(tenOfTenBaseline(series, calendar).adjustment).toBe(1.2);
  });

  it('passes over holidays for a working day, and uses them for a non-working one', () => {
    const holidays = ['2026-03-05', '2026-03-02'];
    const withHolidays = [...TEN_WORKING.filter((d) => !holidays.includes(d)), '2026-02-20', '2026-02-23'].sort();
    expect(tenOfTenBaseline(meter(withHolidays), baselineCalendar({ ...EVENT, holidays })).daysUsed).toEqual(withHolidays);
    // Sunday 8 March: weekends and the two holidays, most recent first.
    const sunday = { ...EVENT, eventStartTs: Date.UTC(2026, 2, 8, 16), eventEndTs: Date.UTC(2026, 2, 8, 18), holidays };
    const result = tenOfTenBaseline(meter([]), baselineCalendar(sunday));
    expect(result.daysUsed).toEqual(['2026-02-08', '2026-02-14', '2026-02-15', '2026-02-21', '2026-02-22', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-05', '2026-03-07']);
  });

  it('passes over event days and days with a missing ISP, and counts neither', () => {
    const eventDays = ['2026-03-09', '2026-03-04'];
    const gapDay = '2026-03-02';
    const expected = [...TEN_WORKING.filter((d) => !eventDays.includes(d) && d !== gapDay), '2026-02-19', '2026-02-20', '2026-02-23'].sort();
    const series = meter(expected, 1, (date, timeOfDayMs) => date === gapDay && timeOfDayMs === 3 * HOUR_MS);
    const result = tenOfTenBaseline(series, baselineCalendar({ ...EVENT, eventDays }));
    expect(result.daysUsed).toEqual(expected);
    expect(result.isps[0].baselineW).toBeCloseTo(meanLevel(expected), 9);
  });

  it('uses what it finds, down to 5 days, within 45 days; fewer than 5 is insufficient history', () => {
    const calendar = baselineCalendar(EVENT);
    const only = (dates: readonly string[]) => meter(dates, 1, (date) => date !== EVENT_DATE && !dates.includes(date));
    const seven = TEN_WORKING.slice(3);
    expect(tenOfTenBaseline(only(seven), calendar).daysUsed).toEqual(seven);
    const five = TEN_WORKING.slice(5);
    expect(tenOfTenBaseline(only(five), calendar).daysUsed).toEqual(five);
    expect(() => tenOfTenBaseline(only(TEN_WORKING.slice(6)), calendar)).toThrow(InsufficientHistoryError);
    expect(() => tenOfTenBaseline(only(TEN_WORKING.slice(6)), calendar)).toThrow(/insufficient history for 10of10: 4 usable day\(s\) found in the 45 days before the event, 5 needed/);
    // Complete days 46 days back and more are out of reach.
    const old = ['2026-01-19', '2026-01-20', '2026-01-21', '2026-01-22', '2026-01-23'];
    const series = seriesOfDays([...old, EVENT_DATE], () => 500);
    expect(() => tenOfTenBaseline(series, calendar)).toThrow(InsufficientHistoryError);
  });

  it('never uses a clock-change day, and matches local clock times across the change', () => {
    // Saturday 11 April 2026 (UTC+2), 17:00–18:00 local; Sunday 29 March (the change) is passed over.
    const event: BaselineEvent = { eventStartTs: Date.UTC(2026, 3, 11, 15), eventEndTs: Date.UTC(2026, 3, 11, 16), timeZone: PARIS };
    // Load follows the local clock: W = local hour × 100, on every day, winter or summer time.
    const series = seriesOfDays(datesUntil('2026-04-11', 46), (_, timeOfDayMs) => 100 * Math.floor(hourOf(timeOfDayMs)));
    const result = tenOfTenBaseline(series, baselineCalendar(event));
    expect(result.daysUsed).not.toContain('2026-03-29');
    // Weekends back from 5 April, the 29th passed over (Easter Monday is not listed as a holiday here).
    expect(result.daysUsed).toEqual(['2026-03-01', '2026-03-07', '2026-03-08', '2026-03-14', '2026-03-15', '2026-03-21', '2026-03-22', '2026-03-28', '2026-04-04', '2026-04-05']);
    for (const isp of result.isps) expect(isp.baselineW).toBe(1700);
    expect(result.adjustment).toBe(1);
  });

  it('takes the window from the day before for an event early in the morning', () => {
    // 02:00–03:00 local on 10 March: window 22:00–01:00, two hours of it on 9 March.
    const event: BaselineEvent = { eventStartTs: Date.UTC(2026, 2, 10, 1), eventEndTs: Date.UTC(2026, 2, 10, 2), timeZone: PARIS };
    const series = seriesOfDays([...HISTORY, EVENT_DATE], (date) => (date === EVENT_DATE ? 1.1 * level('2026-03-09') : level(date)));
    const result = tenOfTenBaseline(series, baselineCalendar(event));
    expect(result.daysUsed).toEqual(TEN_WORKING);
    // Actual: 8 ISPs of 9 March, 4 of 10 March. Baseline: the same clock times on each history day's eve, then on the day.
    const actual = 8 * level('2026-03-09') + 4 * 1.1 * level('2026-03-09');
    const baseline = 8 * meanLevel(TEN_WORKING.map((d) => nextDate(d, -1))) + 4 * meanLevel(TEN_WORKING);
    expect(result.adjustment).toBeCloseTo(actual / baseline, 12);
    expect(result.adjustment).not.toBeCloseTo(1, 3);
  });

  it('computes the factor over the window ISPs present, and none with fewer than 6 of 12', () => {
    const calendar = baselineCalendar(EVENT);
    const windowStart = EVENT.eventStartTs - 4 * HOUR_MS;
    const series = meter(TEN_WORKING, 1.1);
    for (let i = 0; i < 6; i++) series.delete(windowStart + i * 15 * MINUTE_MS);
    expect(tenOfTenBaseline(series, calendar).adjustment).toBeCloseTo(1.1, 12);
    series.delete(windowStart + 6 * 15 * MINUTE_MS);
    const result = tenOfTenBaseline(series, calendar);
    expect(result.adjustment).toBeNull();
    expect(result.isps[0].baselineW).toBeCloseTo(meanLevel(TEN_WORKING), 9);
  });

  it('gives no factor when the window baseline sums to 0', () => {
    const series = seriesOfDays([...HISTORY, EVENT_DATE], (date) => (date === EVENT_DATE ? 50 : 0));
    const result = tenOfTenBaseline(series, baselineCalendar(EVENT));
    expect(result.adjustment).toBeNull();
    expect(result.isps.every((isp) => isp.baselineW === 0)).toBe(true);
  });

  it('refuses an event that crosses local midnight', () => {
    const calendar = baselineCalendar({ eventStartTs: Date.UTC(2026, 2, 10, 22), eventEndTs: Date.UTC(2026, 2, 11, 0), timeZone: PARIS });
    expect(() => tenOfTenBaseline(meter(TEN_WORKING), calendar)).toThrow(SettlementInputError);
  });
});
