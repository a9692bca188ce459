import { ConfigError } from '@trottoir/config';
import { describe, expect, it } from 'vitest';

import { loadForecastingConfig } from './forecasting.config';

describe('forecasting config', () => {
  it('has sane defaults: 48 h of 15-minute intervals, Europe/Paris, no commune policy', () => {
    const config = loadForecastingConfig({});
    expect(config.steps).toBe(192);
    expect(config.timeZone).toBe('Europe/Paris');
    expect(config.lightingPolicies).toEqual({});
  });

  it('reads communes\' lighting policies by grid node', () => {
    const policy = { onBelowElevationDeg: -3, nightDimmingPct: 30, nightFromLocalHour: 22, nightToLocalHour: 6 };
    expect(loadForecastingConfig({ TROTTOIR_LIGHTING_POLICIES: JSON.stringify({ 'HTA-01': policy }) }).lightingPolicies).toEqual({ 'HTA-01': policy });
  });

  it('names every bad variable at once', () => {
    const load = () =>
      loadForecastingConfig({
        TROTTOIR_FORECAST_TIME_ZONE: 'Mars/Olympus',
        TROTTOIR_LIGHTING_POLICIES: '{"HTA-01":{"nightDimmingPct":150}}',
        TROTTOIR_FORECAST_STEPS: '0',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TROTTOIR_FORECAST_TIME_ZONE.*Mars\/Olympus/s);
    expect(load).toThrow(/TROTTOIR_LIGHTING_POLICIES.*HTA-01\.nightDimmingPct must be a number in \[0, 100\]/s);
    expect(load).toThrow(/TROTTOIR_FORECAST_STEPS/);
  });
});
