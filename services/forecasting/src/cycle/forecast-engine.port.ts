/**
 * What the cycle needs from the models: learn from measured quarter-hours, then forecast the whole
 * fleet on a grid. The implementation (ModelForecastEngine) adapts the fleet and the stored weather to
 * the pure models of @trottoir/forecasting-domain; tests may give a simpler one.
 */
import type { FleetForecastRun, ForecastGrid, LearnedFleetState, ProviderWeatherForecast, QuarterHourObservation } from '@trottoir/forecasting-domain';

import type { FleetView } from '../fleet/fleet-view';

export const FORECAST_ENGINE = Symbol('FORECAST_ENGINE');

export interface ForecastEngine {
  /** Learns from measured quarter-hours, given in time order; each interval is given once. */
  observe(observations: readonly QuarterHourObservation[], fleet: FleetView): void;
  /**
   * Forecasts every grid node of the fleet, and its segments on demand by ranges (so a large fleet is
   * streamed, not held); sees nothing measured after grid.issuedAt.
   */
  forecast(grid: ForecastGrid, fleet: FleetView, weather: readonly ProviderWeatherForecast[]): FleetForecastRun;
  /** What the models have learned (undefined before they exist), to checkpoint; shares their state: encode it before learning more. */
  learned?(): LearnedFleetState | undefined;
  /** Takes over a checkpoint's learned state (by id) instead of starting from nothing. */
  restore?(learned: LearnedFleetState): void;
}
