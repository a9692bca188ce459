/**
 * The provider's weather as the cycle takes it: the latest issue of every location made at or before
 * the cycle's own issue time, so a replayed cycle sees what it saw then. Adapters: PgWeatherStore,
 * InMemoryWeatherStore (unit specs).
 */
import type { ProviderWeatherForecast } from '@trottoir/forecasting-domain';

export const LATEST_WEATHER = Symbol('LatestWeather');

export interface StoredWeatherForecast extends ProviderWeatherForecast {
  readonly locationId: string;
  readonly provider: string;
}

export interface LatestWeather {
  /** The latest issue of every location issued at or before `asOfTs` and less than `maxAgeMs` before it, by location id. */
  latest(asOfTs: number, maxAgeMs: number): Promise<StoredWeatherForecast[]>;
}
