import { HOUR_MS, ISP_MS } from '@trottoir/kernel';

import { MissingDataError } from '../errors';
import { baselineCalendar } from './baseline-calendar';
import { datesUntil, PARIS, seriesOfDays } from './baseline.fixture';
import type { BaselineEvent } from './baseline.types';
import { mbmaBaseline, meterBeforeBaseline } from './mbma';
import { pjmSameDayBaseline } from './pjm-same-day';

// 10 March 2026, 17:00–19:00 Paris = 16:00–18:00 UTC. PJM windows: 12:00–15:00 and 19:00–21:00 UTC.
const EVENT: BaselineEvent = { eventStartTs: Date.UTC(2026, 2, 10, 16), eventEndTs: Date.UTC(2026, 2, 10, 18), timeZone: PARIS };
const at = (hour: number, minute = 0): number => Date.UTC(2026, 2, 10, hour, minute);

/** The event day with W = the ISP's UTC minute of the day, so every ISP is different. */
function eventDay(): Map<number, number> {
  return seriesOfDays(datesUntil('2026-03-11', 3), (_, __, ts) => (ts - Date.UTC(2026, 2, 10)) / 60_000);
}

const minutes = (fromHour: number, toHour: number): number[] => Array.from({ length: (toHour - fromHour) * 4 }, (_, i) => fromHour * 60 + i * 15);
const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

describe('pjm-same-day', () => {
  it('holds the mean of [start − 4 h, start − 1 h) and [end + 1 h, end + 3 h), skipping the hour each side', () => {
    const result = pjmSameDayBaseline(eventDay(), baselineCalendar(EVENT));
    const expected = mean([...minutes(12, 15), ...minutes(19, 21)]);
    expect(result.isps.map((isp) => isp.baselineW)).toEqual(Array(8).fill(expected));
    expect(result).toMatchObject({ method: 'pjm-same-day', adjustment: null, daysUsed: [] });
  });

  it('averages the ISPs present while each window keeps at least half of them', () => {
    const series = eventDay();
    for (const ts of [at(12), at(12, 15), at(12, 30), at(12, 45), at(13), at(13, 15), at(19), at(19, 15), at(19, 30), at(19, 45)]) series.delete(ts);
    const result = pjmSameDayBaseline(series, baselineCalendar(EVENT));
    expect(result.isps[0].baselineW).toBe(mean([...minutes(12, 15).slice(6), ...minutes(20, 21)]));
  });

  it('fails with fewer than half of a window, naming the first missing ISP', () => {
    const before = eventDay();
    for (let i = 0; i < 7; i++) before.delete(at(12) + i * ISP_MS);
    expect(() => pjmSameDayBaseline(before, baselineCalendar(EVENT))).toThrow(MissingDataError);
    expect(() => pjmSameDayBaseline(before, baselineCalendar(EVENT))).toThrow(/window before the event .* has 5 of its 12 ISPs.*first missing: 2026-03-10T12:00:00Z/);
    const after = eventDay();
    for (let i = 3; i < 8; i++) after.delete(at(19) + i * ISP_MS);
    expect(() => pjmSameDayBaseline(after, baselineCalendar(EVENT))).toThrow(/window after the event .* has 3 of its 8 ISPs/);
  });

  it('runs across midnight: it needs no history day', () => {
    const event = { ...EVENT, eventStartTs: at(22), eventEndTs: at(22) + 4 * HOUR_MS };
    const result = pjmSameDayBaseline(eventDay(), baselineCalendar(event));
    expect(result.isps).toHaveLength(16);
    expect(result.isps[0].baselineW).toBe(mean([...minutes(18, 21), ...minutes(27, 29)]));
  });
});

describe('mbma', () => {
  it('holds the ISP that ends at the event start', () => {
    const result = mbmaBaseline(eventDay(), baselineCalendar(EVENT));
    expect(result.isps.map((isp) => isp.baselineW)).toEqual(Array(8).fill(15 * 60 + 45));
    expect(result).toMatchObject({ method: 'mbma', adjustment: null, daysUsed: [] });
  });

  it('fails when that ISP is missing rather than reach further back', () => {
    const series = eventDay();
    series.delete(at(15, 45));
    expect(() => mbmaBaseline(series, baselineCalendar(EVENT))).toThrow(/mbma: no reading for the ISP before the event \(2026-03-10T15:45:00Z\)/);
  });

  it('holds the ISP before the event on ISPs of any length', () => {
    const minute = 60_000;
    const start = Date.UTC(2026, 2, 10, 16, 7);
    const meter = new Map([[start - 2 * minute, 1_000], [start - minute, 2_500], [start, 9_999]]);
    const result = meterBeforeBaseline(meter, [start, start + minute], minute);
    expect(result.isps).toEqual([{ ts: start, baselineW: 2_500 }, { ts: start + minute, baselineW: 2_500 }]);
    expect(() => meterBeforeBaseline(new Map([[start - 2 * minute, 1_000]]), [start], minute)).toThrow(/no reading for the ISP before the event \(2026-03-10T16:06:00Z\)/);
  });
});
