/** Invariants every meter baseline holds, on random series (the calendar is built once: it does not depend on the meter). */
import fc from 'fast-check';

import { InsufficientHistoryError, SettlementInputError } from '../errors';
import { baselineCalendar } from './baseline-calendar';
import { datesUntil, noise, PARIS, seriesOfDays } from './baseline.fixture';
import type { MeterBaselineMethod } from './baseline.types';
import { METER_BASELINE_METHODS } from './baseline.types';
import { meterBaseline } from './meter-baseline';
import { dayOfAdjustment } from './ten-of-ten';

const DATES = datesUntil('2026-03-11', 47);
// 10 March 17:00–19:00 local, and a Sunday event, with holidays and event days in the history.
const CALENDARS = [
  baselineCalendar({ eventStartTs: Date.UTC(2026, 2, 10, 16), eventEndTs: Date.UTC(2026, 2, 10, 18), timeZone: PARIS, eventDays: ['2026-03-03'], holidays: ['2026-02-27'] }),
  baselineCalendar({ eventStartTs: Date.UTC(2026, 2, 8, 6), eventEndTs: Date.UTC(2026, 2, 8, 7), timeZone: PARIS }),
];

/** A noisy series around a daily profile; `gapRate` of the ISPs missing. */
function randomSeries(seed: number, gapRate: number): Map<number, number> {
  let i = 0;
  return seriesOfDays(DATES, (_, timeOfDayMs) => {
    i++;
    if (noise(seed + 7, i) < gapRate) return undefined;
    return 2000 + 1500 * Math.sin(timeOfDayMs / 13_750_987) + 3000 * noise(seed, i) - 1000;
  });
}

function tryBaseline(method: MeterBaselineMethod, series: Map<number, number>, calendar: (typeof CALENDARS)[number]) {
  try {
    return meterBaseline(method, series, calendar);
  } catch (error) {
    if (error instanceof InsufficientHistoryError) return undefined;
    throw error;
  }
}

describe('baseline invariants', () => {
  it('a constant meter gives its constant, for every method', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(...METER_BASELINE_METHODS), fc.integer({ min: 0, max: CALENDARS.length - 1 }), (powerW, method, which) => {
        const calendar = CALENDARS[which];
        const result = meterBaseline(method, seriesOfDays(DATES, () => powerW), calendar);
        expect(result.isps).toHaveLength(calendar.eventIsps.length);
        for (const isp of result.isps) expect(isp.baselineW).toBeCloseTo(powerW, 6);
        if (method === '10of10' && powerW === 0) expect(result.adjustment).toBeNull();
        else if (method === '10of10') expect(result.adjustment).toBeCloseTo(1, 12);
      }),
      { numRuns: 60 },
    );
  });

  it('scaling the meter scales the baseline, and leaves the days and the factor alone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.double({ min: -50, max: 50, noNaN: true }).filter((k) => Math.abs(k) > 1e-3),
        fc.constantFrom(...METER_BASELINE_METHODS),
        fc.integer({ min: 0, max: CALENDARS.length - 1 }),
        (seed, k, method, which) => {
          const calendar = CALENDARS[which];
          const series = randomSeries(seed, 0);
          const scaled = new Map([...series].map(([ts, w]) => [ts, k * w]));
          const a = meterBaseline(method, series, calendar);
          const b = meterBaseline(method, scaled, calendar);
          expect(b.daysUsed).toEqual(a.daysUsed);
          if (a.adjustment === null) expect(b.adjustment).toBeNull();
          else expect(b.adjustment).toBeCloseTo(a.adjustment, 9);
          a.isps.forEach((isp, i) => expect(b.isps[i].baselineW).toBeCloseTo(k * isp.baselineW, 5));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps 10of10's factor in [0.8, 1.2] (or none) and its days complete, usable and of the event's type, with gaps anywhere", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 0.002, noNaN: true }), fc.integer({ min: 0, max: CALENDARS.length - 1 }), (seed, gapRate, which) => {
        const calendar = CALENDARS[which];
        const series = randomSeries(seed, gapRate);
        const result = tryBaseline('10of10', series, calendar);
        if (!result) return;
        expect(result.daysUsed.length).toBeGreaterThanOrEqual(5);
        expect(result.daysUsed.length).toBeLessThanOrEqual(10);
        const byDate = new Map(calendar.priorDays.map((day) => [day.date, day]));
        for (const date of result.daysUsed) {
          const day = byDate.get(date)!;
          expect(day).toMatchObject({ dayType: calendar.eventDayType, clockChange: false, eventDay: false });
          expect(day.ispTs.every((ts) => series.has(ts))).toBe(true);
        }
        if (result.adjustment !== null) {
          expect(result.adjustment).toBeGreaterThanOrEqual(0.8);
          expect(result.adjustment).toBeLessThanOrEqual(1.2);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("keeps 10of10's factor in [0.8, 1.2] whatever the event day does", () => {
    const calendar = CALENDARS[0];
    const base = randomSeries(1, 0);
    const days = calendar.priorDays.filter((day) => day.dayType === 'working' && !day.eventDay).slice(0, 10);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e7, max: 1e7, noNaN: true }), { minLength: 12, maxLength: 12 }), (window) => {
        const series = new Map(base);
        calendar.adjustmentWindowTs.forEach((ts, i) => series.set(ts, window[i]));
        const factor = dayOfAdjustment(series, calendar, days);
        if (factor !== null) {
          expect(factor).toBeGreaterThanOrEqual(0.8);
          expect(factor).toBeLessThanOrEqual(1.2);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the history baselines between the lowest and highest value of the same ISP over the days used', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom<MeterBaselineMethod>('nodes5', '10of10'), fc.integer({ min: 0, max: CALENDARS.length - 1 }), (seed, method, which) => {
        const calendar = CALENDARS[which];
        const series = randomSeries(seed, 0);
        const result = meterBaseline(method, series, calendar);
        const days = calendar.priorDays.filter((day) => result.daysUsed.includes(day.date));
        result.isps.forEach((isp, i) => {
          const values = days.map((day) => series.get(day.eventTs[i])!);
          const unadjusted = isp.baselineW / (result.adjustment ?? 1);
          expect(unadjusted).toBeGreaterThanOrEqual(Math.min(...values) - 1e-6);
          expect(unadjusted).toBeLessThanOrEqual(Math.max(...values) + 1e-6);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('baseline calendar', () => {
  it('refuses an event that is not on ISP boundaries, ends before it starts, or an unknown zone or date', () => {
    const start = Date.UTC(2026, 2, 10, 16);
    expect(() => baselineCalendar({ eventStartTs: start + 60_000, eventEndTs: start + 3_600_000, timeZone: PARIS })).toThrow(/event start 2026-03-10T16:01:00Z is not the start of a 15-minute ISP/);
    expect(() => baselineCalendar({ eventStartTs: start, eventEndTs: start, timeZone: PARIS })).toThrow(SettlementInputError);
    expect(() => baselineCalendar({ eventStartTs: start, eventEndTs: start + 900_000, timeZone: 'Europe/Lutece' })).toThrow(/unknown time zone "Europe\/Lutece"/);
    expect(() => baselineCalendar({ eventStartTs: start, eventEndTs: start + 900_000, timeZone: PARIS, holidays: ['2026-13-01'] })).toThrow(/holiday "2026-13-01" is not a date/);
  });

  it('lists the 45 days before the event date, most recent first, with their type and clock changes', () => {
    const calendar = baselineCalendar({ eventStartTs: Date.UTC(2026, 3, 11, 15), eventEndTs: Date.UTC(2026, 3, 11, 16), timeZone: PARIS, holidays: ['2026-04-06'], eventDays: ['2026-04-02'] });
    expect(calendar.eventDate).toBe('2026-04-11');
    expect(calendar.eventDayType).toBe('non-working');
    expect(calendar.priorDays).toHaveLength(45);
    expect(calendar.priorDays[0].date).toBe('2026-04-10');
    expect(calendar.priorDays[44].date).toBe('2026-02-25');
    const byDate = new Map(calendar.priorDays.map((day) => [day.date, day]));
    expect(byDate.get('2026-04-06')).toMatchObject({ dayType: 'non-working', clockChange: false });
    expect(byDate.get('2026-04-02')).toMatchObject({ dayType: 'working', eventDay: true });
    expect(byDate.get('2026-03-29')).toMatchObject({ clockChange: true, ispTs: [], eventTs: [] });
    expect(byDate.get('2026-03-30')?.ispTs).toHaveLength(96);
    // 17:00 local is 15:00 UTC in summer time and 16:00 UTC before 29 March.
    expect(byDate.get('2026-03-30')?.eventTs).toEqual([Date.UTC(2026, 2, 30, 15), Date.UTC(2026, 2, 30, 15, 15), Date.UTC(2026, 2, 30, 15, 30), Date.UTC(2026, 2, 30, 15, 45)]);
    expect(byDate.get('2026-03-27')?.eventTs[0]).toBe(Date.UTC(2026, 2, 27, 16));
  });
});
