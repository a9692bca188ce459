/**
 * Wires the forecasts: the adapters (PostgreSQL stores, the bus) to the cycle, the models, the
 * weather intake, the rolling backtest and the REST endpoints. `register({ now, env })` lets tests
 * choose the clock and the configuration.
 */
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { MessageBus } from '@trottoir/messaging';
import { DeadLetterPublisher } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import { LOGGER, MESSAGE_BUS, METRICS_REGISTRY, PG_POOL } from '@trottoir/service-runtime';
import type { Pool } from 'pg';

import { ForecastController } from './api/forecast.controller';
import { LiveBacktest } from './backtest/live-backtest';
import { FORECAST_ENGINE } from './cycle/forecast-engine.port';
import type { ForecastEngine } from './cycle/forecast-engine.port';
import { ForecastCycle } from './cycle/forecast.cycle';
import { ForecastPublisher } from './cycle/forecast.publisher';
import { RollupHistoryReader } from './cycle/rollup-history.reader';
import { ModelForecastEngine } from './engine/model-forecast-engine';
import { FleetFollower } from './fleet/fleet.follower';
import { FleetView } from './fleet/fleet-view';
import { FORECASTING_CONFIG, loadForecastingConfig } from './forecasting.config';
import type { ForecastingConfig } from './forecasting.config';
import { ForecastingMetrics } from './forecasting.metrics';
import { FORECAST_CLOCK, ForecastingRunner } from './forecasting.runner';
import { ForecastStore } from './store/forecast.store';
import { WeatherIntake } from './weather/weather.intake';
import { WeatherStore } from './weather/weather.store';

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
        { provide: ForecastStore, useFactory: (pool: Pool) => new ForecastStore(pool), inject: [PG_POOL] },
        { provide: WeatherStore, useFactory: (pool: Pool) => new WeatherStore(pool), inject: [PG_POOL] },
        {
          provide: WeatherIntake,
          useFactory: (store: WeatherStore, bus: MessageBus, metrics: ForecastingMetrics, logger: Logger) =>
            new WeatherIntake(store, new DeadLetterPublisher(bus, topics.weatherDlq, 'forecasting', { now }), metrics, logger),
          inject: [WeatherStore, MESSAGE_BUS, ForecastingMetrics, LOGGER],
        },
        { provide: FORECAST_ENGINE, useFactory: (config: ForecastingConfig) => new ModelForecastEngine(config), inject: [FORECASTING_CONFIG] },
        {
          provide: LiveBacktest,
          useFactory: (fleet: FleetView, pool: Pool, metrics: ForecastingMetrics, logger: Logger) => new LiveBacktest(fleet, pool, metrics, logger, now),
          inject: [FleetView, PG_POOL, ForecastingMetrics, LOGGER],
        },
        {
          provide: ForecastCycle,
          useFactory: (engine: ForecastEngine, fleet: FleetView, pool: Pool, weather: WeatherStore, store: ForecastStore, bus: MessageBus, metrics: ForecastingMetrics, logger: Logger, config: ForecastingConfig, backtest: LiveBacktest) =>
            new ForecastCycle({ engine, fleet, history: new RollupHistoryReader(pool), weather, store, publisher: new ForecastPublisher(bus, now), metrics, logger, config, now, observers: [backtest] }),
          inject: [FORECAST_ENGINE, FleetView, PG_POOL, WeatherStore, ForecastStore, MESSAGE_BUS, ForecastingMetrics, LOGGER, FORECASTING_CONFIG, LiveBacktest],
        },
        ForecastingRunner,
      ],
      exports: [ForecastingRunner, ForecastCycle, FleetView],
    };
  }
}
