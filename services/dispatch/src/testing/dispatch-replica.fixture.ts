/**
 * A dispatch replica in a child process, for the delivery fail-over spec: the whole dispatch service
 * (DispatchModule, its leases in PostgreSQL) on the Kafka broker KAFKA_BROKERS with topics namespaced by
 * NAMESPACE, the database DATABASE_URL, as instance INSTANCE_ID, its settings from the environment
 * (TROTTOIR_DISPATCH_*). Prints `{"ready":true}` on stdout once it runs and logs on stderr, until the
 * parent SIGKILLs it (no shutdown hook runs: only the broker and the database see it go).
 */
import { systemClock } from '@trottoir/kernel';
import { KafkaMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import { createPgPool } from '@trottoir/persistence';
import { startHttpService } from '@trottoir/service-runtime';
import { testAccessSettings } from '@trottoir/testing';

import { dispatchService } from '../index';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const transport = new KafkaMessageBus({ brokers: required('KAFKA_BROKERS').split(','), clientId: required('INSTANCE_ID') });
  await transport.connect();
  const bus = new NamespacedMessageBus(transport, required('NAMESPACE'));
  const pool = createPgPool(required('DATABASE_URL'), { max: 4 });
  await startHttpService(
    dispatchService,
    {
      name: 'dispatch',
      bus,
      pool,
      clock: systemClock,
      logger: createLogger({ service: 'dispatch', level: 'info', destination: process.stderr }),
      metrics: createMetricsRegistry('dispatch', { processMetrics: false }),
      access: testAccessSettings(),
      instanceId: required('INSTANCE_ID'),
    },
    { host: '127.0.0.1', port: 0 },
  );
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
