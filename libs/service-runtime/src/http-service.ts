/**
 * Creates and starts one service's NestJS application on its port, with the runtime module, the
 * structured logger, JSON errors for bad requests, and a close() that shuts it down in order
 * (readiness fails first, consumers finish their batch and commit, then HTTP closes).
 */
import type { INestApplication, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { httpObservability } from './http-observability';
import { NestLoggerAdapter } from './nest-logger.adapter';
import { ReadinessRegistry } from './readiness.registry';
import { RuntimeModule } from './runtime.module';
import type { ServiceContext } from './service-context';

export interface ServiceDefinition {
  name: ServiceContext['name'];
  /** The service's root module; it may inject the runtime tokens. */
  module: Type<unknown>;
  /** Port offset from the base port in `trottoir start` (ingestion 0, forecasting 1, dispatch 2, settlement 3). */
  portOffset: number;
  /** Whether the service keeps state in PostgreSQL (it is then given a pool, and is not ready without it). */
  usesDatabase: boolean;
}

export interface RunningService {
  name: string;
  url: string;
  app: INestApplication;
  close(): Promise<void>;
}

export async function startHttpService(
  definition: ServiceDefinition,
  context: ServiceContext,
  listen: { host: string; port: number },
): Promise<RunningService> {
  @Module({ imports: [RuntimeModule.forService(context), definition.module] })
  class ServiceRootModule {}
  Object.defineProperty(ServiceRootModule, 'name', { value: `${definition.name}RootModule` });

  const app = await NestFactory.create(ServiceRootModule, { logger: new NestLoggerAdapter(context.logger), abortOnError: false });
  // Before the routes (registered by listen()), so that it sees every request, refused ones included.
  app.use(httpObservability(context.metrics, definition.name));
  await app.listen(listen.port, listen.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const url = `http://${listen.host}:${port}`;
  context.logger.info({ url }, 'service listening');
  return {
    name: definition.name,
    url,
    app,
    async close() {
      app.get(ReadinessRegistry).markShuttingDown();
      await app.close();
      context.logger.info('service stopped');
    },
  };
}
