/**
 * Starts what runs on its own once the application is built: the consumer of order responses (group
 * `settlement`) and the settlement cycle on its schedule. On shutdown the cycle's timer stops and a
 * cycle in flight finishes; the runtime then closes the consumer after its batch in hand.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { topics } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { DeadLetterPublisher } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import { BoundaryScheduler, CLOCK, ConsumerSupervisor, LOGGER } from '@trottoir/service-runtime';

import { SettlementCycle } from './cycle/settlement.cycle';
import { handleOrderResponses } from './intake/order-response.intake';
import { SETTLEMENT_CONFIG } from './settlement.config';
import type { SettlementConfig } from './settlement.config';
import { SettlementMetrics } from './settlement.metrics';
import { SETTLEMENT_DEAD_LETTERS } from './settlement.tokens';
import { STATEMENT_STORE } from './store/statement-store.port';
import type { StatementStore } from './store/statement-store.port';

@Injectable()
export class SettlementRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: BoundaryScheduler;

  constructor(
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(SettlementCycle) private readonly cycle: SettlementCycle,
    @Inject(STATEMENT_STORE) private readonly store: StatementStore,
    @Inject(SETTLEMENT_DEAD_LETTERS) private readonly deadLetters: DeadLetterPublisher,
    @Inject(SettlementMetrics) private readonly metrics: SettlementMetrics,
    @Inject(SETTLEMENT_CONFIG) config: SettlementConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    // A third of the period after each boundary: clear of the minute cycles of ingestion and dispatch.
    const schedule = { name: 'settlement cycle', periodMs: config.cycleIntervalMs, delayMs: Math.floor(config.cycleIntervalMs / 3) };
    this.scheduler = new BoundaryScheduler(schedule, () => this.cycle.run(), clock, logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.supervisor.subscribe(topics.flexOrderResponse, {}, (batch) => handleOrderResponses(batch, { store: this.store, deadLetters: this.deadLetters, metrics: this.metrics }));
    this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }
}
