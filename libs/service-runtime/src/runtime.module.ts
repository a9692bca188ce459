/**
 * The runtime every service imports: health, readiness and metrics endpoints, the consumer supervisor,
 * and the shared resources of its `ServiceContext` as injectable tokens.
 */
import { DynamicModule, Global, Module } from '@nestjs/common';

import { ConsumerSupervisor } from './consumer-supervisor';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { ReadinessRegistry } from './readiness.registry';
import { ServiceContext } from './service-context';
import { LOGGER, MESSAGE_BUS, METRICS_REGISTRY, PG_POOL, SERVICE_NAME } from './tokens';

@Global()
@Module({})
export class RuntimeModule {
  static forService(context: ServiceContext): DynamicModule {
    const readiness = new ReadinessRegistry();
    readiness.register('database', async () => {
      await context.pool.query('select 1');
    });
    return {
      module: RuntimeModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_NAME, useValue: context.name },
        { provide: MESSAGE_BUS, useValue: context.bus },
        { provide: PG_POOL, useValue: context.pool },
        { provide: LOGGER, useValue: context.logger },
        { provide: METRICS_REGISTRY, useValue: context.metrics },
        { provide: ReadinessRegistry, useValue: readiness },
        ConsumerSupervisor,
      ],
      exports: [SERVICE_NAME, MESSAGE_BUS, PG_POOL, LOGGER, METRICS_REGISTRY, ReadinessRegistry, ConsumerSupervisor],
    };
  }
}
