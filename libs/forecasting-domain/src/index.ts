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
export { CycleBuffers } from './grid/cycle-buffers';
export { validateWeatherForecast } from './weather/weather-validation';
export type { WeatherRejectCode, WeatherRejection } from './weather/weather-validation';
export { pvWeatherOf } from './weather/weather-resampling';
export type { ProviderWeatherForecast, ProviderWeatherInterval } from './weather/weather-resampling';
export type { FleetForecast, FlowForecasts, NodeForecastResult, PvReferenceForecasts, SegmentForecastResult } from './fleet/fleet-forecast';
// PV model (pv/) and its backtest (backtest/).
export { buildClearSkyTable, distinctSites, extendClearSkyTable, SITE_ROUNDING_DEG, siteKeyOf, tableStepOf } from './pv/clear-sky-table';
export type { ClearSkyTable, ClearSkyTableOptions, PvSite } from './pv/clear-sky-table';
export { createPerformanceRatioState, observePerformanceRatio, performanceRatioOf, solarDayOf } from './pv/performance-ratio';
export type { PerformanceRatioOptions, PerformanceRatioState } from './pv/performance-ratio';
export { createCsiModelState, CSI_MIN_ELEVATION_DEG, forecastCsiInto, LEAD_BIN_UPPER, observeCsi, prepareCsiForecaster, recordCsiWeather } from './pv/csi-model';
export type { CsiForecaster, CsiModelOptions, CsiModelState, CsiObservationContext } from './pv/csi-model';
export { kastenCzeplakCsi, temperatureFactor } from './pv/weather-forecast';
export type { PvWeatherForecast, WeatherForecastLocation, WeatherForecastPoint } from './pv/weather-forecast';
export { createPvFleet, observePvNodes, observePvSegments, pvFleetState } from './pv/pv-fleet';
export { forEachPvSegmentForecast, forecastPvFleet, preparePvForecast, pvNodeForecasts, pvSegmentForecastInto } from './pv/pv-fleet-forecast';
export type { PvFleet, PvFleetOptions, PvFleetState, PvNodeSpec, PvSegmentSpec } from './pv/pv-fleet';
export type { PreparedPvForecast, PvFleetForecast, PvForecastInput, PvNodeForecast } from './pv/pv-fleet-forecast';
export { replayForecasts, runBacktest, toIntervals } from './backtest/backtest';
export type { BacktestOptions, BacktestSite, IssuedForecast, MeasuredPoint } from './backtest/backtest';
export { HorizonAccumulator, pinballLoss } from './backtest/backtest-metrics';
export type { HorizonScores } from './backtest/backtest-metrics';
export { DEFAULT_HORIZONS, formatHorizon, HorizonError, parseHorizonMs, parseHorizons } from './backtest/horizons';
// The live fleet's rolling backtest (backtest/live-backtest): pairing and windowing, the service keeps the state.
export {
  createLiveBacktest,
  expireLiveBacktest,
  LIVE_BACKTEST_HORIZONS_MS,
  LIVE_BACKTEST_PENDING_MS,
  LIVE_BACKTEST_WINDOW_MS,
  observeSegmentPv,
  rememberIssue,
  scoreLiveBacktest,
} from './backtest/live-backtest';
export type { IssuedNodeForecasts, LiveBacktestState } from './backtest/live-backtest';
// Street-light load (lights/): profiles per (commune policy, rounded location), then two multiply-adds per value.
export { boundarySamples, DEFAULT_SUN_SAMPLES_PER_STEP, roundedLocation, sunElevationSamples, sunElevationSamplesFor } from './lights/sun-elevation';
export { belowShare, DEFAULT_TWILIGHT_SIGMA_DEG, lightsProfile, normalQuantile } from './lights/lights-profile';
export type { LightsProfile, LightsProfileOptions } from './lights/lights-profile';
export { forecastFleetLights, forecastLights, forecastLightsInto } from './lights/lights-forecast';
export type { LightsFleet, LightsRating } from './lights/lights-forecast';
export { planLightsProfiles } from './lights/lights-plan';
export type { LightsPlan, LightsPlanInput, LightsPlanOptions } from './lights/lights-plan';
export { createLightsScale, observeLightsScale } from './lights/lights-scale';
export type { LightsScaleOptions, LightsScaleState } from './lights/lights-scale';
// EV charging load (ev/): hour-of-week histograms per segment and per grid node, shrunk toward a prior.
export { binOf, histogramQuantilesInto, NODE_EV_LAYOUT, SEGMENT_EV_LAYOUT } from './ev/ev-histogram';
export type { EvHistogramLayout } from './ev/ev-histogram';
export { bucketSamples, createEvHabits, evCapacityW, HOURS_PER_WEEK, observeEvPower, observeEvPowerInBucket } from './ev/ev-habits';
export type { EvHabits } from './ev/ev-habits';
export { defaultChargingShare, defaultEvPrior, pooledEvPrior } from './ev/ev-prior';
export {
  createEvForecastScratch,
  DEFAULT_EV_PRIOR_WEIGHT,
  evGridBuckets,
  forecastEv,
  forecastEvInto,
  forecastFleetEv,
} from './ev/ev-forecast';
export type { EvFleetPriors, EvForecastScratch, EvGridBuckets } from './ev/ev-forecast';
// The whole fleet (fleet/): what the service drives once per cycle.
export type { FleetInterval, FleetModelInput, FleetNodeSpec, FleetSegmentSpec } from './fleet/fleet-model';
export { fleetIntervals } from './fleet/fleet-intervals';
export type { QuarterHourObservation } from './fleet/fleet-intervals';
export { FleetForecaster } from './fleet/fleet-forecaster';
export type { FleetForecastRun } from './fleet/fleet-forecaster';
export { fleetModelInputOf } from './fleet/fleet-model.mapper';
export type { FleetPolicies } from './fleet/fleet-model.mapper';
export { FORECASTER_STATE_VERSION, forecasterCheckpointParts, ForecasterCheckpointReader } from './fleet/forecaster-checkpoint';
export type { LearnedFleetState } from './fleet/fleet-forecaster';
