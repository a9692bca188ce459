import type { ServiceDefinition } from '@trottoir/service-runtime';

import { ForecastingModule } from './forecasting.module';

export { forecastingConfigSpec, loadForecastingConfig } from './forecasting.config';
export type { ForecastingConfig } from './forecasting.config';

export const forecastingService: ServiceDefinition = { name: 'forecasting', module: ForecastingModule, portOffset: 1, usesDatabase: true };
