/**
 * The ingestion service's data lifecycle: the outbox relay (exported: the registry announces its
 * changes through it) started at bootstrap and stopped before the bus closes, and the periodic pass
 * of `DataLifecycleJob` (partitions ahead, raw telemetry retention, outbox and inbox pruning); the
 * outbox's backlog in the metrics.
 */
import { Inject, Injectable, Module } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Clock } from '@trottoir/kernel';
import { OutboxRelay } from '@trottoir/messaging';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import { PgOutboxStore, TimeSeriesSchema } from '@trottoir/persistence';
import { CLOCK, LOGGER, MESSAGE_BUS, METRICS_REGISTRY, PG_POOL } from '@trottoir/service-runtime';
import type { Pool } from 'pg';

import { DATA_LIFECYCLE_CONFIG, loadDataLifecycleConfig } from './data-lifecycle.config';
import type { DataLifecycleConfig } from './data-lifecycle.config';
import { DataLifecycleJob } from './data-lifecycle.job';
import { PgDataLifecycle } from './data-lifecycle.pg';
import { registerOutboxBacklog } from './outbox-backlog.metric';

const OUTBOX_BACKLOG_METRIC = Symbol('OUTBOX_BACKLOG_METRIC');

@Injectable()
class DataLifecycleRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DataLifecycleJob) private readonly job: DataLifecycleJob,
    @Inject(DATA_LIFECYCLE_CONFIG) private readonly config: DataLifecycleConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start(this.config.outboxRelayIntervalMs);
    const pass = () => {
      if (this.running) return;
      this.running = this.job
        .runOnce()
        .then((report) => {
          if (report.partitionsCreated > 0 || report.partitionsDropped.length > 0 || report.outboxPruned > 0 || report.inboxPruned > 0) this.logger.info(report, 'data lifecycle pass');
        })
        .catch((error: unknown) => this.logger.warn({ err: error }, 'data lifecycle pass failed; retried at the next one'))
        .finally(() => (this.running = undefined));
    };
    pass();
    this.timer = setInterval(pass, this.config.lifecycleIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.relay.stop();
    await this.running;
  }
}

@Module({
  providers: [
    { provide: DATA_LIFECYCLE_CONFIG, useFactory: () => loadDataLifecycleConfig() },
    {
      provide: OutboxRelay,
      useFactory: (pool: Pool, bus: MessageBus, logger: Logger) =>
        new OutboxRelay(new PgOutboxStore(pool), bus, { onError: (error) => logger.warn({ err: error }, 'outbox relay pass failed; the events stay in the outbox for the next pass') }),
      inject: [PG_POOL, MESSAGE_BUS, LOGGER],
    },
    {
      provide: DataLifecycleJob,
      useFactory: async (pool: Pool, config: DataLifecycleConfig, clock: Clock) =>
        new DataLifecycleJob({ store: new PgDataLifecycle(pool, await TimeSeriesSchema.detect(pool)), outbox: new PgOutboxStore(pool), config, clock }),
      inject: [PG_POOL, DATA_LIFECYCLE_CONFIG, CLOCK],
    },
    {
      provide: OUTBOX_BACKLOG_METRIC,
      useFactory: (pool: Pool, registry: Registry, logger: Logger) => registerOutboxBacklog(registry, new PgOutboxStore(pool), logger),
      inject: [PG_POOL, METRICS_REGISTRY, LOGGER],
    },
    DataLifecycleRunner,
  ],
  exports: [OutboxRelay, DATA_LIFECYCLE_CONFIG],
})
export class DataLifecycleModule {}
