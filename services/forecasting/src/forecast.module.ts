/**
 * Wires the forecasts: the adapters (PostgreSQL stores behind the use cases' ports, the bus) to the
 * cycle, the models, the weather intake, the rolling backtest and the REST endpoints. The clock is
 * the runtime's (CLOCK, from the ServiceContext); `register({ env })` lets tests choose the configuration.
 */
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import { DeadLetterPublisher } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import type { Leases } from '@trottoir/service-runtime';
import { CLOCK, GRID_OWNERSHIP, LEASES, LOGGER, MESSAGE_BUS, METRICS_REGISTRY } from '@trottoir/service-runtime';
import type { GridOwnership } from '@trottoir/service-runtime';

import { ForecastController } from './api/forecast.controller';
import { FORECAST_SKILL_LOG } from './backtest/forecast-skill-log.port';
import type { ForecastSkillLog } from './backtest/forecast-skill-log.port';
import { LiveBacktest } from './backtest/live-backtest';
import { LEARNED_STATE_STORE } from './checkpoint/learned-state.port';
import type { LearnedStateStore } from './checkpoint/learned-state.port';
import { FORECAST_ENGINE } from './cycle/forecast-engine.port';
import type { ForecastEngine } from './cycle/forecast-engine.port';
import { FORECAST_LEASE, ForecastCycle } from './cycle/forecast.cycle';
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
import { ForecastingRunner } from './forecasting.runner';
import { pgAdapterProviders } from './store/pg-adapters.providers';
import { WEATHER_ARCHIVE } from './weather/weather-archive.port';
import type { WeatherArchive } from './weather/weather-archive.port';
import { WeatherIntake } from './weather/weather.intake';

export interface ForecastModuleOptions {
  /** Where the configuration is read from; the process environment by default. */
  readonly env?: NodeJS.ProcessEnv;
}

@Module({})
export class ForecastModule {
  static register(options: ForecastModuleOptions = {}): DynamicModule {
    return {
      module: ForecastModule,
      controllers: [ForecastController],
      providers: [
        { provide: FORECASTING_CONFIG, useFactory: () => loadForecastingConfig(options.env ?? process.env) },
        { provide: ForecastingMetrics, useFactory: (registry: Registry, clock: Clock) => new ForecastingMetrics(registry, clock), inject: [METRICS_REGISTRY, CLOCK] },
        FleetView,
        FleetFollower,
        // Who owns each grid node, for the access layer: the fleet this service follows anyway.
        {
          provide: GRID_OWNERSHIP,
          useFactory: (fleet: FleetView): GridOwnership => ({ dsoOfNode: (nodeId) => fleet.gridNode(nodeId)?.dsoId, nodeOfSegment: (segmentId) => fleet.segment(segmentId)?.gridNodeId }),
          inject: [FleetView],
        },
        ...pgAdapterProviders,
        {
          provide: WeatherIntake,
          useFactory: (archive: WeatherArchive, bus: MessageBus, metrics: ForecastingMetrics, logger: Logger, clock: Clock) =>
            new WeatherIntake(archive, new DeadLetterPublisher(bus, topics.weatherDlq, 'forecasting', clock), metrics, logger),
          inject: [WEATHER_ARCHIVE, MESSAGE_BUS, ForecastingMetrics, LOGGER, CLOCK],
        },
        { provide: FORECAST_ENGINE, useFactory: (config: ForecastingConfig) => new ModelForecastEngine(config), inject: [FORECASTING_CONFIG] },
        {
          provide: LiveBacktest,
          useFactory: (fleet: FleetView, skillLog: ForecastSkillLog, metrics: ForecastingMetrics, logger: Logger, clock: Clock) => new LiveBacktest(fleet, skillLog, metrics, logger, clock),
          inject: [FleetView, FORECAST_SKILL_LOG, ForecastingMetrics, LOGGER, CLOCK],
        },
        {
          provide: ForecastCycle,
          useFactory: (
            engine: ForecastEngine,
            fleet: FleetView,
            history: MeasuredHistory,
            weather: LatestWeather,
            store: IssuedForecasts,
            bus: MessageBus,
            metrics: ForecastingMetrics,
            logger: Logger,
            config: ForecastingConfig,
            clock: Clock,
            backtest: LiveBacktest,
            checkpoints: LearnedStateStore,
            leases: Leases,
          ) => new ForecastCycle({ engine, fleet, history, weather, store, publisher: new ForecastPublisher(bus, clock), metrics, logger, config, clock, observers: [backtest], checkpoints, lease: leases.lease(FORECAST_LEASE) }),
          inject: [FORECAST_ENGINE, FleetView, MEASURED_HISTORY, LATEST_WEATHER, ISSUED_FORECASTS, MESSAGE_BUS, ForecastingMetrics, LOGGER, FORECASTING_CONFIG, CLOCK, LiveBacktest, LEARNED_STATE_STORE, LEASES],
        },
        ForecastingRunner,
      ],
      exports: [ForecastingRunner, ForecastCycle, FleetView, GRID_OWNERSHIP],
    };
  }
}
