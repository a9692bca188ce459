/**
 * Prometheus metrics: one registry per service, so that each service's `/metrics` shows its own
 * series even when several services share a process. Every series carries a `service` label.
 * Node's process metrics keep prom-client's standard names (`process_resident_memory_bytes`,
 * `nodejs_heap_size_used_bytes`, `nodejs_gc_duration_seconds`…), unprefixed, so that stock Node.js
 * dashboards and alerts work as they are.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';

export function createMetricsRegistry(service: string, options: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}
