/**
 * Where the weather intake keeps every accepted provider issue. Adapters: PgWeatherStore,
 * InMemoryWeatherStore (unit specs).
 */
import type { WeatherForecast } from '@trottoir/contracts';

export const WEATHER_ARCHIVE = Symbol('WeatherArchive');

export interface WeatherArchive {
  /** Keeps the forecasts; an issue already kept (same location and issue time) is left as it was. Returns how many were new. */
  insert(forecasts: readonly WeatherForecast[]): Promise<number>;
}
