/**
 * Prometheus metrics: one registry per service, so that each service's `/metrics` shows its own
 * series even when several services share a process. Every series carries a `service` label.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';

export function createMetricsRegistry(service: string, options: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'trottoir_' });
  return registry;
}
