/** Stand-alone entry point of the simulator service (one deployment per service in production). */
import { runStandalone } from '@trottoir/service-runtime';

import { simulatorService } from './index';

void runStandalone(simulatorService);
