/**
 * The settlement service: follows the orders dispatch accepted, settles each after its last ISP (baseline,
 * metered, delivered, remuneration and penalty in cents, per ISP and per segment) as a versioned statement
 * stored in PostgreSQL, published on settlement.statement.v1 and read on the REST API. Wires the use cases
 * to their adapters on the runtime's bus, pool, clock and metrics.
 */
import { Module } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import { DeadLetterPublisher } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import type { Leases } from '@trottoir/service-runtime';
import { CLOCK, LEASES, LOGGER, MESSAGE_BUS, METRICS_REGISTRY, PG_POOL } from '@trottoir/service-runtime';
import type { Pool } from 'pg';

import { OperationsController } from './api/operations.controller';
import { StatementsController } from './api/statements.controller';
import { SETTLEMENT_LEASE, SettlementCycle } from './cycle/settlement.cycle';
import { PgCurtailedPvInputs } from './inputs/curtailed-pv-inputs.pg';
import { CURTAILED_PV_INPUTS } from './inputs/curtailed-pv-inputs.port';
import type { CurtailedPvInputs } from './inputs/curtailed-pv-inputs.port';
import { PgSettlementInputs } from './inputs/settlement-inputs.pg';
import { PgOrganiserData } from './operations/organiser-data.pg';
import { ORGANISER_DATA } from './operations/organiser-data.port';
import type { OrganiserData } from './operations/organiser-data.port';
import { SETTLEMENT_INPUTS } from './inputs/settlement-inputs.port';
import type { SettlementInputs } from './inputs/settlement-inputs.port';
import { loadSettlementConfig, SETTLEMENT_CONFIG } from './settlement.config';
import type { SettlementConfig } from './settlement.config';
import { SettlementMetrics } from './settlement.metrics';
import { SettlementRunner } from './settlement.runner';
import { SETTLEMENT_DEAD_LETTERS } from './settlement.tokens';
import { PgStatementStore } from './store/statement-store.pg';
import { STATEMENT_STORE } from './store/statement-store.port';
import type { StatementStore } from './store/statement-store.port';

@Module({
  controllers: [StatementsController, OperationsController],
  providers: [
    { provide: SETTLEMENT_CONFIG, useFactory: () => loadSettlementConfig() },
    { provide: SettlementMetrics, useFactory: (registry: Registry) => new SettlementMetrics(registry), inject: [METRICS_REGISTRY] },
    { provide: STATEMENT_STORE, useFactory: (pool: Pool) => new PgStatementStore(pool), inject: [PG_POOL] },
    { provide: SETTLEMENT_INPUTS, useFactory: (pool: Pool) => new PgSettlementInputs(pool), inject: [PG_POOL] },
    { provide: ORGANISER_DATA, useFactory: (pool: Pool) => new PgOrganiserData(pool), inject: [PG_POOL] },
    { provide: CURTAILED_PV_INPUTS, useFactory: (pool: Pool) => new PgCurtailedPvInputs(pool), inject: [PG_POOL] },
    { provide: SETTLEMENT_DEAD_LETTERS, useFactory: (bus: MessageBus, clock: Clock) => new DeadLetterPublisher(bus, topics.flexDlq, 'settlement', clock), inject: [MESSAGE_BUS, CLOCK] },
    {
      provide: SettlementCycle,
      useFactory: (store: StatementStore, inputs: SettlementInputs, pvInputs: CurtailedPvInputs, organiserData: OrganiserData, bus: MessageBus, clock: Clock, config: SettlementConfig, metrics: SettlementMetrics, logger: Logger, leases: Leases) =>
        new SettlementCycle({ store, inputs, pvInputs, organiserData, bus, clock, config, metrics, logger, lease: leases.lease(SETTLEMENT_LEASE) }),
      inject: [STATEMENT_STORE, SETTLEMENT_INPUTS, CURTAILED_PV_INPUTS, ORGANISER_DATA, MESSAGE_BUS, CLOCK, SETTLEMENT_CONFIG, SettlementMetrics, LOGGER, LEASES],
    },
    SettlementRunner,
  ],
})
export class SettlementModule {}
