/** Stand-alone entry point of the dispatch service (one deployment per service in production). */
import { runStandalone } from '@trottoir/service-runtime';

import { dispatchService } from './index';

void runStandalone(dispatchService);
