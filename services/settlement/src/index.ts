import type { ServiceDefinition } from '@trottoir/service-runtime';

import { SettlementModule } from './settlement.module';

export const settlementService: ServiceDefinition = { name: 'settlement', module: SettlementModule, portOffset: 3, usesDatabase: true };
export { settlementConfigSpec } from './settlement.config';
export type { SettlementConfig } from './settlement.config';
