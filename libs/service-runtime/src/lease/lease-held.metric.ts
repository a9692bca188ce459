/**
 * `trottoir_lease_held{lease}`: 1 while this instance holds the lease of a scheduled cycle, 0 while it
 * stands by. Summed over the instances of a service it is 1 when the cycle runs somewhere; 0 means no
 * instance runs it, 2 would be a bug.
 */
import type { Registry } from '@trottoir/observability';
import { Gauge } from '@trottoir/observability';

import type { Leases } from './lease.port';

export function leaseHeldMetric(registry: Registry, leases: Leases): Gauge<'lease'> {
  return new Gauge({
    name: 'trottoir_lease_held',
    help: 'Whether this instance holds the lease of a scheduled cycle (1) or stands by (0), by lease (node-state, forecast, delivery, settlement)',
    labelNames: ['lease'],
    registers: [registry],
    collect() {
      for (const lease of leases.all()) this.set({ lease: lease.name }, lease.held() ? 1 : 0);
    },
  });
}
