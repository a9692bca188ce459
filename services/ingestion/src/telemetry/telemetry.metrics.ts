/**
 * The ingestion pipeline's metrics on the service registry. `trottoir_messages_dead_lettered_total`
 * is the name the DLQ alert rule (deploy/prometheus/trottoir.rules.yml) watches.
 */
import type { Registry } from '@trottoir/observability';
import { Counter, Gauge, Histogram } from '@trottoir/observability';

export type ReadingSource = 'kafka' | 'mqtt' | 'http';
export type ReadingOutcome = 'stored' | 'duplicate' | 'rejected';

export class TelemetryMetrics {
  readonly readings: Counter<'source' | 'outcome'>;
  readonly batchSeconds: Histogram<string>;
  readonly deadLettered: Counter<'reason'>;
  readonly consumerLag: Gauge<'topic' | 'partition'>;

  constructor(registry: Registry) {
    this.readings = new Counter({
      name: 'trottoir_ingest_readings_total',
      help: 'Telemetry readings ingested, by input and outcome (stored, duplicate, rejected)',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    });
    this.batchSeconds = new Histogram({
      name: 'trottoir_ingest_batch_duration_seconds',
      help: 'Time to validate, store and publish one batch of telemetry',
      buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.deadLettered = new Counter({
      name: 'trottoir_messages_dead_lettered_total',
      help: 'Messages moved to a dead-letter topic, by reason code',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.consumerLag = new Gauge({
      name: 'trottoir_consumer_lag_messages',
      help: 'Messages of telemetry.raw.v1 not yet committed by the ingestion group, per partition',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    });
  }
}
