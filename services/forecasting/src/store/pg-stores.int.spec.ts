/**
 * The PostgreSQL adapters of the forecasting service against their contract suites, on each PostgreSQL
 * the suite runs on (the machine's server and embedded PostgreSQL).
 */
import { testDatabaseServers, useMigratedDatabase } from '@trottoir/testing';

import { describeLearnedStateStoreContract } from '../checkpoint/learned-state-store.contract';
import { PgLearnedStateStore } from '../checkpoint/learned-state.pg';
import { describeForecastStoreContract } from './forecast-store.contract';
import { PgForecastStore } from './forecast.store.pg';
import { describeWeatherStoreContract } from './weather-store.contract';
import { PgWeatherStore } from './weather.store.pg';

describe.each(testDatabaseServers())('forecasting stores on $name', ({ url: serverUrl }) => {
  const db = useMigratedDatabase(serverUrl);

  describeForecastStoreContract('PostgreSQL', { open: async () => new PgForecastStore(db.pool) });
  describeWeatherStoreContract('PostgreSQL', { open: async () => new PgWeatherStore(db.pool) });
  describeLearnedStateStoreContract('PostgreSQL', { open: async () => new PgLearnedStateStore(db.pool) });
});
