import type { ServiceDefinition } from '@trottoir/service-runtime';

import { SimulatorModule } from './simulator.module';

export { loadSimulatorConfig, simulatorConfigSpec } from './simulator.config';
export type { SimulatorConfig } from './simulator.config';

export const simulatorService: ServiceDefinition = { name: 'simulator', module: SimulatorModule, portOffset: 4, usesDatabase: false };
