/**
 * The PostgreSQL adapters of the forecasting ports, each provided under its port's token. One store
 * serves two ports where one table has a writer and a reader (forecasts: the cycle and the endpoints;
 * weather: the intake and the cycle).
 */
import type { Provider } from '@nestjs/common';
import { PG_POOL } from '@trottoir/service-runtime';
import type { Pool } from 'pg';

import { FORECAST_HISTORY } from '../api/forecast-history.port';
import { FORECAST_SKILL_LOG } from '../backtest/forecast-skill-log.port';
import { PgLearnedStateStore } from '../checkpoint/learned-state.pg';
import { LEARNED_STATE_STORE } from '../checkpoint/learned-state.port';
import { ISSUED_FORECASTS } from '../cycle/issued-forecasts.port';
import { LATEST_WEATHER } from '../cycle/latest-weather.port';
import { MEASURED_HISTORY } from '../cycle/measured-history.port';
import { WEATHER_ARCHIVE } from '../weather/weather-archive.port';
import { PgForecastSkillLog } from './forecast-skill-log.pg';
import { PgForecastStore } from './forecast.store.pg';
import { PgRollupHistory } from './rollup-history.pg';
import { PgWeatherStore } from './weather.store.pg';

export const pgAdapterProviders: Provider[] = [
  { provide: ISSUED_FORECASTS, useFactory: (pool: Pool) => new PgForecastStore(pool), inject: [PG_POOL] },
  { provide: FORECAST_HISTORY, useExisting: ISSUED_FORECASTS },
  { provide: WEATHER_ARCHIVE, useFactory: (pool: Pool) => new PgWeatherStore(pool), inject: [PG_POOL] },
  { provide: LATEST_WEATHER, useExisting: WEATHER_ARCHIVE },
  { provide: MEASURED_HISTORY, useFactory: (pool: Pool) => new PgRollupHistory(pool), inject: [PG_POOL] },
  { provide: FORECAST_SKILL_LOG, useFactory: (pool: Pool) => new PgForecastSkillLog(pool), inject: [PG_POOL] },
  { provide: LEARNED_STATE_STORE, useFactory: (pool: Pool) => new PgLearnedStateStore(pool), inject: [PG_POOL] },
];
