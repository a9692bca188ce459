/** Stand-alone entry point of the settlement service (one deployment per service in production). */
import { runStandalone } from '@trottoir/service-runtime';

import { settlementService } from './index';

void runStandalone(settlementService);
