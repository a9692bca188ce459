import { InMemoryLearnedStateStore } from '../checkpoint/learned-state.in-memory';
import { describeLearnedStateStoreContract } from '../checkpoint/learned-state-store.contract';
import { describeForecastStoreContract } from './forecast-store.contract';
import { InMemoryForecastStore } from './forecast.store.in-memory';
import { describeWeatherStoreContract } from './weather-store.contract';
import { InMemoryWeatherStore } from './weather.store.in-memory';

describeForecastStoreContract('in memory', { open: async () => new InMemoryForecastStore() });
describeWeatherStoreContract('in memory', { open: async () => new InMemoryWeatherStore() });
describeLearnedStateStoreContract('in memory', { open: async () => new InMemoryLearnedStateStore() });
