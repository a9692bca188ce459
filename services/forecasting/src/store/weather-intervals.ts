/**
 * The intervals of a provider's issue as the weather adapters keep them: the forecast values only,
 * absent ones left out (as the stored JSON has them).
 */
import type { WeatherForecast } from '@trottoir/contracts';
import type { ProviderWeatherInterval } from '@trottoir/forecasting-domain';

export function keptIntervals(forecast: WeatherForecast): ProviderWeatherInterval[] {
  return forecast.intervals.map(({ startTs, intervalMs, ghiWm2, cloudCoverPct, airTempC }) => ({ startTs, intervalMs, ghiWm2, cloudCoverPct, airTempC }));
}
