/**
 * The runtime every service imports: health, readiness and metrics endpoints, the OpenAPI document
 * (/docs), the access layer of its REST API, the consumer supervisor, and the shared resources of its
 * `ServiceContext` as injectable tokens.
 */
import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { systemClock } from '@trottoir/kernel';
import { Gauge } from '@trottoir/observability';

import { AccessModule } from './access/access.module';
import { InMemoryAuditLog } from './access/audit/audit-log.in-memory';
import { PgAuditLog } from './access/audit/audit-log.pg';
import { InMemoryIdempotencyStore } from './access/idempotency/idempotency-store.in-memory';
import { PgIdempotencyStore } from './access/idempotency/idempotency-store.pg';
import { DocsController } from './access/openapi/docs.controller';
import { ConsumerSupervisor } from './consumer-supervisor';
import { HealthController } from './health.controller';
import { defaultInstanceId } from './instance-id';
import { LeaseKeeper } from './lease/lease.keeper';
import { leaseHeldMetric } from './lease/lease-held.metric';
import { InMemoryLeases } from './lease/lease.in-memory';
import { PgLeases } from './lease/lease.pg';
import { LEASES } from './lease/lease.port';
import { MetricsController } from './metrics.controller';
import { ReadinessRegistry } from './readiness.registry';
import { ServiceContext } from './service-context';
import { CLOCK, INSTANCE_ID, LOGGER, MESSAGE_BUS, METRICS_REGISTRY, PG_POOL, SERVICE_NAME } from './tokens';

/**
 * `trottoir_readiness_check_up{check}`: 1 when a readiness check passes, 0 when it fails, run at each
 * scrape — `database` (PostgreSQL answers) and `messageBus` (Kafka connected), what the
 * PostgreSQL-unreachable and Kafka-unreachable alerts watch.
 */
function readinessMetric(context: ServiceContext, readiness: ReadinessRegistry): void {
  new Gauge({
    name: 'trottoir_readiness_check_up',
    help: 'Whether a readiness check passes (1) or fails (0): database (PostgreSQL), messageBus (Kafka or the in-process bus), mqtt (ingestion\'s MQTT bridge, when configured)',
    labelNames: ['check'],
    registers: [context.metrics],
    async collect() {
      const report = await readiness.report();
      for (const [check, outcome] of Object.entries(report.checks)) {
        if (check !== 'shutdown') this.set({ check }, outcome === 'ok' ? 1 : 0);
      }
    },
  });
}

/** The server ends a lease's session idle this long (its holder gone silent); see lease.pg.ts. */
export const DEFAULT_LEASE_SESSION_TIMEOUT_MS = 30_000;

@Global()
@Module({})
export class RuntimeModule {
  static forService(context: ServiceContext): DynamicModule {
    const readiness = new ReadinessRegistry();
    const { pool } = context;
    // A service without a database gets no pool to inject (asking for one fails at start) and no database check.
    const database: Provider[] = pool ? [{ provide: PG_POOL, useValue: pool }] : [];
    if (pool) {
      readiness.register('database', async () => {
        await pool.query('select 1');
      });
    }
    readinessMetric(context, readiness);
    // Without a database (the simulator) the audit trail stays in memory and goes to the log as well.
    const auditLog = pool ? new PgAuditLog(pool) : new InMemoryAuditLog((entry) => context.logger.info({ audit: entry }, 'command audited'));
    const idempotency = pool ? new PgIdempotencyStore(pool) : new InMemoryIdempotencyStore();
    const instanceId = context.instanceId ?? defaultInstanceId();
    const leases = context.leases ?? (pool ? new PgLeases(pool, { holder: instanceId, sessionTimeoutMs: DEFAULT_LEASE_SESSION_TIMEOUT_MS, logger: context.logger }) : new InMemoryLeases());
    leaseHeldMetric(context.metrics, leases);
    return {
      module: RuntimeModule,
      // Access runs on the wall clock, not the platform's: tokens, rate limits, idempotency keys and the
      // audit trail are about the real world, even when the platform replays another day (TROTTOIR_CLOCK_START).
      imports: [DiscoveryModule, AccessModule.register({ service: context.name, settings: context.access, clock: systemClock, logger: context.logger, auditLog, idempotency })],
      controllers: [HealthController, MetricsController, DocsController],
      providers: [
        { provide: SERVICE_NAME, useValue: context.name },
        { provide: MESSAGE_BUS, useValue: context.bus },
        ...database,
        { provide: CLOCK, useValue: context.clock },
        { provide: LOGGER, useValue: context.logger },
        { provide: METRICS_REGISTRY, useValue: context.metrics },
        { provide: ReadinessRegistry, useValue: readiness },
        { provide: INSTANCE_ID, useValue: instanceId },
        { provide: LEASES, useValue: leases },
        LeaseKeeper,
        ConsumerSupervisor,
      ],
      exports: [SERVICE_NAME, MESSAGE_BUS, ...(pool ? [PG_POOL] : []), CLOCK, LOGGER, METRICS_REGISTRY, ReadinessRegistry, INSTANCE_ID, LEASES, ConsumerSupervisor],
    };
  }
}
