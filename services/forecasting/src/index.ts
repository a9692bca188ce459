import type { ServiceDefinition } from '@trottoir/service-runtime';

import { ForecastingModule } from './forecasting.module';

export const forecastingService: ServiceDefinition = { name: 'forecasting', module: ForecastingModule, portOffset: 1 };
