/**
 * The ForecastEngine of the service: the pure FleetForecaster of @trottoir/forecasting-domain, rebuilt
 * (keeping what it learned, by id) whenever the registry changes, fed with the stored quarter-hours
 * and the provider's weather.
 */
import { FleetForecaster, fleetModelInputOf } from '@trottoir/forecasting-domain';
import type { FleetForecastRun, ForecastGrid, PvWeatherForecast } from '@trottoir/forecasting-domain';

import type { ForecastEngine } from '../cycle/forecast-engine.port';
import type { QuarterHourObservation } from '../cycle/rollup-history.reader';
import type { FleetView } from '../fleet/fleet-view';
import type { ForecastingConfig } from '../forecasting.config';
import type { StoredWeatherForecast } from '../weather/weather.store';
import { fleetIntervals } from './fleet-intervals';

export class ModelForecastEngine implements ForecastEngine {
  private forecaster?: FleetForecaster;
  private fleetVersion = -1;

  constructor(private readonly config: Pick<ForecastingConfig, 'lightingPolicies' | 'timeZone'>) {}

  observe(observations: readonly QuarterHourObservation[], fleet: FleetView): void {
    const forecaster = this.forecasterFor(fleet);
    forecaster.observe(fleetIntervals(observations, forecaster.input.segments));
  }

  forecast(grid: ForecastGrid, fleet: FleetView, weather: readonly StoredWeatherForecast[]): FleetForecastRun {
    return this.forecasterFor(fleet).forecast(grid, pvWeather(weather));
  }

  private forecasterFor(fleet: FleetView): FleetForecaster {
    if (!this.forecaster || this.fleetVersion !== fleet.version) {
      const { default: defaultPolicy, ...policiesByNode } = this.config.lightingPolicies;
      const input = fleetModelInputOf(fleet.segments(), fleet.gridNodes(), { timeZone: this.config.timeZone, ...(defaultPolicy ? { defaultPolicy } : {}), policiesByNode });
      this.forecaster = new FleetForecaster(input, this.forecaster);
      this.fleetVersion = fleet.version;
    }
    return this.forecaster;
  }
}

/** The stored issues (one per location) as the PV model's weather input; cloud cover in % becomes a fraction. */
function pvWeather(stored: readonly StoredWeatherForecast[]): PvWeatherForecast | undefined {
  if (stored.length === 0) return undefined;
  return {
    issuedAt: Math.max(...stored.map((forecast) => forecast.issuedAt)),
    locations: stored.map((forecast) => ({
      latDeg: forecast.latDeg,
      lonDeg: forecast.lonDeg,
      points: forecast.intervals.flatMap((interval) => {
        // The provider's interval (up to 6 h) covers each 15-minute interval inside it.
        const points = [];
        for (let ts = interval.startTs; ts < interval.startTs + interval.intervalMs; ts += 900_000) {
          points.push({
            ts,
            ...(interval.ghiWm2 === undefined || interval.ghiWm2 === null ? {} : { ghiWm2: interval.ghiWm2 }),
            ...(interval.cloudCoverPct === undefined || interval.cloudCoverPct === null ? {} : { cloudCover: interval.cloudCoverPct / 100 }),
            ...(interval.airTempC === undefined || interval.airTempC === null ? {} : { airTempC: interval.airTempC }),
          });
        }
        return points;
      }),
    })),
  };
}
