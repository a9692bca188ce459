import type { ServiceDefinition } from '@trottoir/service-runtime';

import { SettlementModule } from './settlement.module';

export const settlementService: ServiceDefinition = { name: 'settlement', module: SettlementModule, portOffset: 3, usesDatabase: true };
