import { InsufficientHistoryError } from '../errors';
import { baselineCalendar } from './baseline-calendar';
import { datesUntil, hourOf, PARIS, seriesOfDays } from './baseline.fixture';
import type { BaselineEvent } from './baseline.types';
import { nodes5Baseline } from './nodes5';

const HISTORY = datesUntil('2026-03-09', 45);
const level = (date: string): number => Number(date.slice(8, 10)) * 10;
const meanLevel = (dates: readonly string[]): number => dates.reduce((s, d) => s + level(d), 0) / dates.length;

describe('nodes5', () => {
  const tuesday: BaselineEvent = { eventStartTs: Date.UTC(2026, 2, 10, 16), eventEndTs: Date.UTC(2026, 2, 10, 18), timeZone: PARIS };

  it('averages the same ISP over the 5 most recent working days, without adjustment', () => {
    // Load shaped by the clock and a level per day, and the event day far above: no adjustment follows it.
    const series = seriesOfDays([...HISTORY, '2026-03-10'], (date, timeOfDayMs) => (date === '2026-03-10' ? 1e6 : level(date) + hourOf(timeOfDayMs)));
    const result = nodes5Baseline(series, baselineCalendar(tuesday));
    const days = ['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'];
    expect(result).toMatchObject({ method: 'nodes5', adjustment: null, daysUsed: days });
    expect(result.isps[0].baselineW).toBeCloseTo(meanLevel(days) + 17, 9);
    expect(result.isps[7].baselineW).toBeCloseTo(meanLevel(days) + 18.75, 9);
  });

  it('takes working days for a weekend event too, passing over holidays, event days and incomplete days', () => {
    const sunday: BaselineEvent = {
      eventStartTs: Date.UTC(2026, 2, 8, 10),
      eventEndTs: Date.UTC(2026, 2, 8, 11),
      timeZone: PARIS,
      holidays: ['2026-03-06'],
      eventDays: ['2026-03-05'],
    };
    const series = seriesOfDays(HISTORY, (date, timeOfDayMs) => (date === '2026-03-04' && timeOfDayMs === 0 ? undefined : level(date)));
    const result = nodes5Baseline(series, baselineCalendar(sunday));
    expect(result.daysUsed).toEqual(['2026-02-25', '2026-02-26', '2026-02-27', '2026-03-02', '2026-03-03']);
  });

  it('needs exactly 5 days: 4 is insufficient history', () => {
    const series = seriesOfDays(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-07', '2026-03-08'], () => 100);
    expect(() => nodes5Baseline(series, baselineCalendar(tuesday))).toThrow(InsufficientHistoryError);
    expect(() => nodes5Baseline(series, baselineCalendar(tuesday))).toThrow(/nodes5: 4 usable day\(s\).*5 needed \(31 working day\(s\) before 2026-03-10: 0 event day\(s\), 0 clock-change day\(s\), 27 with missing ISPs\)/);
  });
});
