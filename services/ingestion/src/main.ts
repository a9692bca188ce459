/** Stand-alone entry point of the ingestion service (one deployment per service in production). */
import { runStandalone } from '@trottoir/service-runtime';

import { ingestionService } from './index';

void runStandalone(ingestionService);
