import { SettlementInputError } from './errors';
import { meterSeriesOf } from './meter-series';

const T0 = Date.UTC(2026, 2, 10, 16);

describe('meterSeriesOf', () => {
  it('keys mean powers by ISP start, leaving missing ISPs out', () => {
    const series = meterSeriesOf([
      { ts: T0, powerW: 1200 },
      { ts: T0 + 1_800_000, powerW: -300.5 },
    ]);
    expect([...series]).toEqual([
      [T0, 1200],
      [T0 + 1_800_000, -300.5],
    ]);
    expect(series.has(T0 + 900_000)).toBe(false);
  });

  it('refuses an unaligned ISP, a repeated one and a power that is not a number', () => {
    expect(() => meterSeriesOf([{ ts: T0 + 60_000, powerW: 1 }])).toThrow('reading 2026-03-10T16:01:00Z is not the start of a 15-minute ISP');
    expect(() => meterSeriesOf([{ ts: T0, powerW: 1 }, { ts: T0, powerW: 2 }])).toThrow('two readings for the ISP 2026-03-10T16:00:00Z');
    expect(() => meterSeriesOf([{ ts: T0, powerW: Number.NaN }])).toThrow(SettlementInputError);
  });
});
