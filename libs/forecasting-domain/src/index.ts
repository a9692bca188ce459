/**
 * @trottoir/forecasting-domain: the forecasting models, pure (no NestJS, Kafka or SQL). PV from the
 * solar model × a forecast clear-sky index × each segment's learned performance ratio, street-light
 * load from the sun and the commune's policy, EV load from hour-of-week statistics, all as quantiles.
 */
export { DEFAULT_FORECAST_STEPS, forecastGridFor, leadTimeMs, stepStartTs } from './grid/forecast-grid';
export type { ForecastGrid } from './grid/forecast-grid';
export {
  createQuantileSeries,
  isMonotone,
  medianLevelIndex,
  QUANTILE_LEVELS,
  quantileAt,
  sortAcrossLevels,
} from './grid/quantile-series';
export type { QuantileSeries } from './grid/quantile-series';
export { validateWeatherForecast } from './weather/weather-validation';
export type { WeatherRejectCode, WeatherRejection } from './weather/weather-validation';
