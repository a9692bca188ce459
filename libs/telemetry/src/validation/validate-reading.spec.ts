import { DAY_MS, MINUTE_MS } from '@trottoir/kernel';
import { DeadLetterReason, parseDeadLetterReason } from '@trottoir/contracts';

import { REJECT_CODES } from './reject-code';
import type { RejectCode } from './reject-code';
import { validateReading } from './validate-reading';
import type { ValidationResult } from './validate-reading';
import { DEFAULT_VALIDATION_LIMITS } from './validation-limits';
import { NOW_TS, readingFixture, segmentFixture } from './validation.fixture';

const segment = segmentFixture();

function codeOf(result: ValidationResult): RejectCode | 'OK' {
  return result.ok ? 'OK' : result.code;
}

describe('validateReading', () => {
  it('given a reading within the ratings, when validated, then it passes and is not late', () => {
    expect(validateReading(readingFixture(), segment, NOW_TS)).toEqual({ ok: true, late: false });
  });

  it('given a reading 3 minutes old, when validated, then it passes and is late', () => {
    expect(validateReading(readingFixture({ ts: NOW_TS - 3 * MINUTE_MS }), segment, NOW_TS)).toEqual({ ok: true, late: true });
  });

  it.each<[RejectCode, Parameters<typeof readingFixture>[0], typeof segment | undefined]>([
    ['SCHEMA_INVALID', { segmentId: ' ' }, segment],
    ['UNKNOWN_SEGMENT', {}, undefined],
    ['NOT_FINITE', { pvPowerW: Number.NaN }, segment],
    ['NOT_FINITE', { netPowerW: Number.POSITIVE_INFINITY }, segment],
    ['NOT_FINITE', { batterySocPct: Number.NEGATIVE_INFINITY }, segment],
    ['NOT_FINITE', { ts: Number.NaN }, segment],
    ['TS_NOT_INTEGER', { ts: NOW_TS - 0.5 }, segment],
    ['TS_IN_FUTURE', { ts: NOW_TS + DEFAULT_VALIDATION_LIMITS.clockSkewMs + 1 }, segment],
    ['TOO_LATE', { ts: NOW_TS - 7 * DAY_MS - 1 }, segment],
    ['TS_BEFORE_COMMISSIONING', { ts: NOW_TS - DAY_MS }, segmentFixture({ commissionedAt: NOW_TS - DAY_MS + 1 })],
    ['PV_NEGATIVE', { pvPowerW: -1 }, segment],
    ['PV_ABOVE_RATING', { pvPowerW: 6_001 }, segment],
    ['SOC_OUT_OF_RANGE', { batterySocPct: 140 }, segment],
    ['SOC_OUT_OF_RANGE', { batterySocPct: -0.1 }, segment],
    ['OUT_OF_RANGE', { lightsPowerW: -5 }, segment],
    ['OUT_OF_RANGE', { meterImportWh: -1 }, segment],
    ['OUT_OF_RANGE', { lightsDimmingPct: 101 }, segment],
    ['OUT_OF_RANGE', { netPowerW: -2e6 }, segment],
  ])('given %s input %o, when validated, then it is rejected with that code', (code, overrides, seg) => {
    const result = validateReading(readingFixture(overrides), seg, NOW_TS);
    expect(codeOf(result)).toBe(code);
    expect(result.ok ? '' : result.detail).not.toBe('');
  });

  it('given the clock-skew allowance and the late window exactly, when validated, then both edges pass', () => {
    expect(codeOf(validateReading(readingFixture({ ts: NOW_TS + DEFAULT_VALIDATION_LIMITS.clockSkewMs }), segment, NOW_TS))).toBe('OK');
    expect(codeOf(validateReading(readingFixture({ ts: NOW_TS - 7 * DAY_MS }), segment, NOW_TS))).toBe('OK');
  });

  it('given PV at exactly 1.2 × kWp and a missing SoC, when validated, then it passes', () => {
    expect(codeOf(validateReading(readingFixture({ pvPowerW: 6_000, batterySocPct: undefined }), segment, NOW_TS))).toBe('OK');
  });

  it('every reject code is a DeadLetterReason name, so it can travel in the dlq-reason-code header', () => {
    for (const code of REJECT_CODES) expect(parseDeadLetterReason(code)).not.toBe(DeadLetterReason.UNSPECIFIED);
  });
});
