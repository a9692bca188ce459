import { describe, expect, it } from 'vitest';

import { ForecastQueryError, parseForecastQuery } from './forecast-query';

describe('parseForecastQuery', () => {
  it('reads ISO 8601 times and epoch milliseconds, and leaves absent parameters out', () => {
    expect(parseForecastQuery({ from: '2026-06-21T12:00:00Z', to: '1782050400000' })).toEqual({ fromTs: Date.UTC(2026, 5, 21, 12), toTs: 1_782_050_400_000, issuedAt: undefined });
    expect(parseForecastQuery({})).toEqual({ fromTs: undefined, toTs: undefined, issuedAt: undefined });
  });

  it('names the parameter that is not a time', () => {
    expect(() => parseForecastQuery({ issuedAt: 'noon' })).toThrow(new ForecastQueryError('issuedAt must be an ISO 8601 time or epoch milliseconds, got "noon"'));
  });

  it('refuses an empty or reversed window', () => {
    expect(() => parseForecastQuery({ from: '2026-06-21T12:00:00Z', to: '2026-06-21T12:00:00Z' })).toThrow(/from .* must be before to/);
  });
});
