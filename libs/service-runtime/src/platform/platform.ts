/**
 * Starts a set of Trottoir services in this process: tracing, PostgreSQL (given or embedded),
 * migrations, the message bus (Kafka or in-process) with the registry's topics, then each service's
 * HTTP application. `stop()` undoes it in reverse order, each service finishing its batch first.
 */
import { allTopics } from '@trottoir/contracts';
import { OffsetClock, systemClock } from '@trottoir/kernel';
import { defaultInfraDir, startPostgres } from '@trottoir/local-stack';
import path from 'node:path';
import type { MessageBus } from '@trottoir/messaging';
import { createMessageBus, KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import { createLogger, createMetricsRegistry, startTracing } from '@trottoir/observability';
import { createPgPool, runMigrations } from '@trottoir/persistence';
import type { Pool } from 'pg';
import type { DestinationStream } from 'pino';
import pino from 'pino';

import { accessSettingsOf } from '../access/access.config';
import type { RunningService, ServiceDefinition } from '../http-service';
import { startHttpService } from '../http-service';
import { defaultInstanceId } from '../instance-id';
import { InMemoryLeases } from '../lease/lease.in-memory';
import { PgLeases } from '../lease/lease.pg';
import type { Leases } from '../lease/lease.port';
import type { ServiceContext } from '../service-context';
import { kafkaBusSettingsOf } from './kafka-client.config';
import { explainKafkaStartError } from './kafka-start-error';
import type { PlatformConfig } from './platform.config';

export interface PlatformOptions {
  services: readonly ServiceDefinition[];
  config: PlatformConfig;
  /** Where JSON log lines go (standard output by default). */
  logDestination?: DestinationStream;
  /** Human progress lines ("starting embedded PostgreSQL…"), for the terminal. */
  onProgress?: (line: string) => void;
}

export interface RunningPlatform {
  services: RunningService[];
  bus: MessageBus;
  databaseUrl: string;
  transport: 'kafka' | 'in-process';
  logger: Logger;
  stop(): Promise<void>;
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const { config } = options;
  const progress = options.onProgress ?? (() => undefined);
  // Before anything starts: a missing key or a forbidden development mode stops the process here.
  const access = accessSettingsOf(config);
  // One destination for every logger of the process, so lines from several services never interleave mid-line.
  const logDestination = options.logDestination ?? pino.destination({ dest: 1, sync: false });
  const logger = createLogger({ service: 'trottoir', level: config.logLevel, destination: logDestination });
  const tracing = startTracing({
    serviceName: options.services.length === 1 ? options.services[0].name : 'trottoir',
    serviceNameOverride: config.otelServiceName,
    resourceAttributes: config.otelResourceAttributes,
    otlpEndpoint: config.otlpEndpoint,
    otlpTracesEndpoint: config.otlpTracesEndpoint,
  });
  const cleanups: Array<() => Promise<void>> = [() => tracing.shutdown()];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };

  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      progress(`starting embedded PostgreSQL on port ${config.embeddedPostgresPort} (no DATABASE_URL given)…`);
      const embedded = await startPostgres({
        port: config.embeddedPostgresPort,
        dataDir: config.embeddedPostgresDir ?? path.join(defaultInfraDir(), 'embedded-postgres'),
        attached: true,
        progress,
      });
      cleanups.push(() => embedded.stop());
      databaseUrl = embedded.databaseUrl;
    }
    progress('applying database migrations…');
    await runMigrations(databaseUrl);

    const transport = config.kafkaBrokers ? 'kafka' : 'in-process';
    progress(transport === 'kafka' ? `connecting to Kafka at ${config.kafkaBrokers?.join(',')}…` : 'using the in-process message bus (no KAFKA_BROKERS given)');
    const transportBus = createMessageBus({
      ...kafkaBusSettingsOf(config),
      onError: (error, where) => logger.error({ err: error, where }, 'message bus error'),
    });
    const bus: MessageBus = config.kafkaNamespace ? new NamespacedMessageBus(transportBus, config.kafkaNamespace) : transportBus;
    if (config.kafkaNamespace) progress(`every topic and consumer group in namespace "${config.kafkaNamespace}" (TROTTOIR_KAFKA_NAMESPACE)`);
    cleanups.push(() => bus.close());
    try {
      // A metadata request first: wrong credentials or an untrusted certificate stop the start here, named.
      if (transportBus instanceof KafkaMessageBus) await transportBus.connect();
      await bus.ensureTopics(allTopics);
    } catch (error) {
      throw explainKafkaStartError(error, config);
    }

    // One clock for every service of the process, so that they agree on what time it is.
    const clock = config.clockStartTs === undefined ? systemClock : new OffsetClock(config.clockStartTs);
    if (config.clockStartTs !== undefined) progress(`the platform's clock starts at ${new Date(config.clockStartTs).toISOString()} (TROTTOIR_CLOCK_START)`);
    if (access.mode === 'development') progress('API access: DEVELOPMENT mode — tokens signed with the published development secret are accepted (TROTTOIR_AUTH_MODE=development); never expose these ports');
    const instanceId = config.instanceId ?? defaultInstanceId();
    // On the in-process bus no other process shares the cluster: the cycles' leases stay in memory.
    const inProcessLeases = transport === 'in-process' ? new InMemoryLeases() : undefined;
    const services: RunningService[] = [];
    for (const definition of options.services) {
      const serviceLogger = createLogger({ service: definition.name, level: config.logLevel, destination: logDestination });
      let pool: Pool | undefined;
      if (definition.usesDatabase) {
        const servicePool = createPgPool(databaseUrl, { max: config.dbPoolSize, applicationName: `trottoir-${definition.name}` });
        cleanups.push(() => servicePool.end());
        pool = servicePool;
      }
      let leases: Leases | undefined = inProcessLeases;
      if (!leases && pool) leases = new PgLeases(pool, { holder: instanceId, sessionTimeoutMs: config.leaseSessionTimeoutMs, logger: serviceLogger });
      const context: ServiceContext = { name: definition.name, bus, pool, clock, logger: serviceLogger, metrics: createMetricsRegistry(definition.name), access, instanceId, leases };
      const running = await startHttpService(definition, context, { host: config.httpHost, port: config.httpPort + definition.portOffset });
      cleanups.push(() => running.close());
      services.push(running);
      progress(`${running.name} listening on ${running.url}`);
    }
    return { services, bus, databaseUrl, transport, logger, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
