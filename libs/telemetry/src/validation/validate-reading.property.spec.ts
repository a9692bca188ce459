import { DAY_MS } from '@trottoir/kernel';
import { create } from '@bufbuild/protobuf';
import { PvRatingSchema } from '@trottoir/contracts';
import fc from 'fast-check';

import { validateReading } from './validate-reading';
import { DEFAULT_VALIDATION_LIMITS } from './validation-limits';
import { COMMISSIONED_TS, NOW_TS, readingFixture, segmentFixture } from './validation.fixture';

const peakPowerW = 5_000;
const segment = segmentFixture({ pv: create(PvRatingSchema, { areaM2: 50, peakPowerW, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: peakPowerW }) });
const maxPowerW = DEFAULT_VALIDATION_LIMITS.maxPowerW;
const power = (min: number, max: number) => fc.double({ min, max, noNaN: true });

/** Readings that respect every rating and every range. */
const withinRatings = fc.record({
  ts: fc.integer({ min: Math.max(COMMISSIONED_TS, NOW_TS - 7 * DAY_MS), max: NOW_TS + DEFAULT_VALIDATION_LIMITS.clockSkewMs }),
  pvPowerW: power(0, 1.2 * peakPowerW),
  lightsPowerW: power(0, 2_000),
  evPowerW: power(0, 150_000),
  batteryPowerW: power(-3_000, 3_000),
  batterySocPct: fc.option(power(0, 100), { nil: undefined }),
  netPowerW: power(-maxPowerW, maxPowerW),
  meterImportWh: power(0, 1e9),
  meterExportWh: power(0, 1e9),
  lightsDimmingPct: fc.option(power(0, 100), { nil: undefined }),
  evSessionsActive: fc.integer({ min: 0, max: 8 }),
});

const numberFields = ['pvPowerW', 'lightsPowerW', 'evPowerW', 'batteryPowerW', 'batterySocPct', 'netPowerW', 'meterImportWh', 'meterExportWh', 'lightsDimmingPct', 'ts'] as const;

describe('validateReading properties', () => {
  it('a reading built within the ratings always passes', () => {
    fc.assert(
      fc.property(withinRatings, (fields) => {
        expect(validateReading(readingFixture(fields), segment, NOW_TS).ok).toBe(true);
      }),
    );
  });

  it('any reading with a NaN or infinite field is rejected as NOT_FINITE', () => {
    fc.assert(
      fc.property(withinRatings, fc.constantFrom(...numberFields), fc.constantFrom(Number.NaN, Infinity, -Infinity), (fields, field, bad) => {
        const result = validateReading(readingFixture({ ...fields, [field]: bad }), segment, NOW_TS);
        expect(result.ok ? 'OK' : result.code).toBe('NOT_FINITE');
      }),
    );
  });

  it('any PV power above 1.2 × kWp is rejected, any negative PV power too', () => {
    fc.assert(
      fc.property(withinRatings, power(1.2 * peakPowerW, maxPowerW).filter((w) => w > 1.2 * peakPowerW), power(-maxPowerW, 0).filter((w) => w < 0), (fields, high, low) => {
        const above = validateReading(readingFixture({ ...fields, pvPowerW: high }), segment, NOW_TS);
        const below = validateReading(readingFixture({ ...fields, pvPowerW: low }), segment, NOW_TS);
        expect([above.ok ? 'OK' : above.code, below.ok ? 'OK' : below.code]).toEqual(['PV_ABOVE_RATING', 'PV_NEGATIVE']);
      }),
    );
  });

  it('any fractional timestamp is rejected as TS_NOT_INTEGER', () => {
    fc.assert(
      fc.property(withinRatings, fc.double({ min: 0.001, max: 0.999, noNaN: true }), (fields, fraction) => {
        const result = validateReading(readingFixture({ ...fields, ts: fields.ts - 1 + fraction }), segment, NOW_TS);
        expect(result.ok ? 'OK' : result.code).toBe('TS_NOT_INTEGER');
      }),
    );
  });

  it('a reading is late exactly when it is older than the late threshold', () => {
    fc.assert(
      fc.property(withinRatings, (fields) => {
        const result = validateReading(readingFixture(fields), segment, NOW_TS);
        expect(result).toEqual({ ok: true, late: fields.ts < NOW_TS - DEFAULT_VALIDATION_LIMITS.lateThresholdMs });
      }),
    );
  });
});
