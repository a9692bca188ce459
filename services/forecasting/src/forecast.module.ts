/**
 * Wires the forecasts: the adapters (PostgreSQL stores behind the use cases' ports, the bus) to the
 * cycle, the models, the weather intake, the rolling backtest and the REST endpoints.
 * `register({ now, env })` lets tests choose the clock and the configuration.
 */
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { MessageBus } from '@trottoir/messaging';
import { DeadLetterPublisher } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import { LOGGER, MESSAGE_BUS, METRICS_REGISTRY } from '@trottoir/service-runtime';

import { ForecastController } from './api/forecast.controller';
import { FORECAST_SKILL_LOG } from './backtest/forecast-skill-log.port';
import type { ForecastSkillLog } from './backtest/forecast-skill-log.port';
import { LiveBacktest } from './backtest/live-backtest';
import { FORECAST_ENGINE } from './cycle/forecast-engine.port';
import type { ForecastEngine } from './cycle/forecast-engine.port';
import { ForecastCycle } from './cycle/forecast.cycle';
import { ForecastPublisher } from './cycle/forecast.publisher';
import { ISSUED_FORECASTS } from './cycle/issued-forecasts.port';
import type { IssuedForecasts } from './cycle/issued-forecasts.port';
import { LATEST_WEATHER } from './cycle/latest-weather.port';
import type { LatestWeather } from './cycle/latest-weather.port';
import { MEASURED_HISTORY } from './cycle/measured-history.port';
import type { MeasuredHistory } from './cycle/measured-history.port';
import { ModelForecastEngine } from './engine/model-forecast-engine';
import { FleetFollower } from './fleet/fleet.follower';
import { FleetView } from './fleet/fleet-view';
import { FORECASTING_CONFIG, loadForecastingConfig } from './forecasting.config';
import type { ForecastingConfig } from './forecasting.config';
import { ForecastingMetrics } from './forecasting.metrics';
import { FORECAST_CLOCK, ForecastingRunner } from './forecasting.runner';
import { pgAdapterProviders } from './store/pg-adapters.providers';
import { WEATHER_ARCHIVE } from './weather/weather-archive.port';
import type { WeatherArchive } from './weather/weather-archive.port';
import { WeatherIntake } from './weather/weather.intake';

export interface ForecastModuleOptions {
  /** The system clock by default; tests pass their own "now". */
  readonly now?: () => number;
  /** Where the configuration is read from; the process environment by default. */
  readonly env?: NodeJS.ProcessEnv;
}

@Module({})
export class ForecastModule {
  static register(options: ForecastModuleOptions = {}): DynamicModule {
    const now = options.now ?? Date.now;
    return {
      module: ForecastModule,
      controllers: [ForecastController],
      providers: [
        { provide: FORECASTING_CONFIG, useFactory: () => loadForecastingConfig(options.env ?? process.env) },
        { provide: FORECAST_CLOCK, useValue: now },
        { provide: ForecastingMetrics, useFactory: (registry: Registry) => new ForecastingMetrics(registry, now), inject: [METRICS_REGISTRY] },
        FleetView,
        FleetFollower,
        ...pgAdapterProviders,
        {
          provide: WeatherIntake,
          useFactory: (archive: WeatherArchive, bus: MessageBus, metrics: ForecastingMetrics, logger: Logger) =>
            new WeatherIntake(archive, new DeadLetterPublisher(bus, topics.weatherDlq, 'forecasting', { now }), metrics, logger),
          inject: [WEATHER_ARCHIVE, MESSAGE_BUS, ForecastingMetrics, LOGGER],
        },
        { provide: FORECAST_ENGINE, useFactory: (config: ForecastingConfig) => new ModelForecastEngine(config), inject: [FORECASTING_CONFIG] },
        {
          provide: LiveBacktest,
          useFactory: (fleet: FleetView, skillLog: ForecastSkillLog, metrics: ForecastingMetrics, logger: Logger) => new LiveBacktest(fleet, skillLog, metrics, logger, now),
          inject: [FleetView, FORECAST_SKILL_LOG, ForecastingMetrics, LOGGER],
        },
        {
          provide: ForecastCycle,
          useFactory: (engine: ForecastEngine, fleet: FleetView, history: MeasuredHistory, weather: LatestWeather, store: IssuedForecasts, bus: MessageBus, metrics: ForecastingMetrics, logger: Logger, config: ForecastingConfig, backtest: LiveBacktest) =>
            new ForecastCycle({ engine, fleet, history, weather, store, publisher: new ForecastPublisher(bus, now), metrics, logger, config, now, observers: [backtest] }),
          inject: [FORECAST_ENGINE, FleetView, MEASURED_HISTORY, LATEST_WEATHER, ISSUED_FORECASTS, MESSAGE_BUS, ForecastingMetrics, LOGGER, FORECASTING_CONFIG, LiveBacktest],
        },
        ForecastingRunner,
      ],
      exports: [ForecastingRunner, ForecastCycle, FleetView],
    };
  }
}
