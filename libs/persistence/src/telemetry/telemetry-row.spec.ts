import { telemetryRow } from '../testing/telemetry-row.factory';
import { InvalidTelemetryRowError, assertStorableRow } from './telemetry-row';

describe('assertStorableRow', () => {
  it('accepts a plausible row, with or without a battery SoC', () => {
    expect(() => assertStorableRow(telemetryRow())).not.toThrow();
    expect(() => assertStorableRow(telemetryRow({ batterySocPct: null }))).not.toThrow();
  });

  it.each([
    ['empty segmentId', { segmentId: '' }],
    ['fractional ts', { ts: 1.5 }],
    ['NaN power', { pvPowerW: Number.NaN }],
    ['infinite meter register', { meterImportWh: Number.POSITIVE_INFINITY }],
    ['NaN SoC', { batterySocPct: Number.NaN }],
    ['fractional session count', { evSessionsActive: 0.5 }],
    ['session count beyond int4', { evSessionsActive: 2 ** 31 }],
  ])('rejects %s', (_, overrides) => {
    expect(() => assertStorableRow(telemetryRow(overrides))).toThrow(InvalidTelemetryRowError);
  });
});
