/**
 * The ForecastEngine of the service: the pure FleetForecaster of @trottoir/forecasting-domain, rebuilt
 * (keeping what it learned, by id) whenever the registry changes, fed with the stored quarter-hours
 * and the provider's weather.
 */
import { FleetForecaster, fleetIntervals, fleetModelInputOf, pvWeatherOf } from '@trottoir/forecasting-domain';
import type { FleetForecastRun, ForecastGrid, LearnedFleetState, ProviderWeatherForecast, QuarterHourObservation } from '@trottoir/forecasting-domain';

import type { ForecastEngine } from '../cycle/forecast-engine.port';
import type { FleetView } from '../fleet/fleet-view';
import type { ForecastingConfig } from '../forecasting.config';

export class ModelForecastEngine implements ForecastEngine {
  private forecaster?: FleetForecaster;
  private fleetVersion = -1;
  /** A checkpoint's state, taken over by the first forecaster built. */
  private restored?: LearnedFleetState;

  constructor(private readonly config: Pick<ForecastingConfig, 'lightingPolicies' | 'timeZone'>) {}

  observe(observations: readonly QuarterHourObservation[], fleet: FleetView): void {
    const forecaster = this.forecasterFor(fleet);
    forecaster.observe(fleetIntervals(observations, forecaster.input.segments));
  }

  forecast(grid: ForecastGrid, fleet: FleetView, weather: readonly ProviderWeatherForecast[]): FleetForecastRun {
    return this.forecasterFor(fleet).forecast(grid, pvWeatherOf(weather));
  }

  learned(): LearnedFleetState | undefined {
    return this.forecaster?.learned() ?? this.restored;
  }

  restore(learned: LearnedFleetState): void {
    this.restored = learned;
    this.forecaster = undefined;
    this.fleetVersion = -1;
  }

  private forecasterFor(fleet: FleetView): FleetForecaster {
    if (!this.forecaster || this.fleetVersion !== fleet.version) {
      const { default: defaultPolicy, ...policiesByNode } = this.config.lightingPolicies;
      const input = fleetModelInputOf(fleet.segments(), fleet.gridNodes(), { timeZone: this.config.timeZone, ...(defaultPolicy ? { defaultPolicy } : {}), policiesByNode });
      this.forecaster = new FleetForecaster(input, this.forecaster ?? this.restored);
      this.restored = undefined;
      this.fleetVersion = fleet.version;
    }
    return this.forecaster;
  }
}
