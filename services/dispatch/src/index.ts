import type { ServiceDefinition } from '@trottoir/service-runtime';

import { DispatchModule } from './dispatch.module';

export const dispatchService: ServiceDefinition = { name: 'dispatch', module: DispatchModule, portOffset: 2, usesDatabase: true };
