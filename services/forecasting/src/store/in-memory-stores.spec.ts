import { describeForecastStoreContract } from './forecast-store.contract';
import { InMemoryForecastStore } from './forecast.store.in-memory';
import { describeWeatherStoreContract } from './weather-store.contract';
import { InMemoryWeatherStore } from './weather.store.in-memory';

describeForecastStoreContract('in memory', { open: async () => new InMemoryForecastStore() });
describeWeatherStoreContract('in memory', { open: async () => new InMemoryWeatherStore() });
