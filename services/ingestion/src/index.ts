import type { ServiceDefinition } from '@trottoir/service-runtime';

import { IngestionModule } from './ingestion.module';

export const ingestionService: ServiceDefinition = { name: 'ingestion', module: IngestionModule, portOffset: 0, usesDatabase: true };
export { dataLifecycleConfigSpec } from './lifecycle/data-lifecycle.config';
export { nodeStateConfigSpec } from './node-state/node-state.config';
export { telemetryConfigSpec } from './telemetry/telemetry.config';
