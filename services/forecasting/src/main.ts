/** Stand-alone entry point of the forecasting service (one deployment per service in production). */
import { runStandalone } from '@trottoir/service-runtime';

import { forecastingService } from './index';

void runStandalone(forecastingService);
