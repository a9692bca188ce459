/** Metrics of the per-minute node state: segments by liveness, states published, cycle duration. */
import type { Registry } from '@trottoir/observability';
import { Counter, Gauge, Histogram } from '@trottoir/observability';

export class NodeStateMetrics {
  readonly segments: Gauge<'state'>;
  readonly published: Counter<string>;
  readonly cycleSeconds: Histogram<'outcome'>;
  readonly livenessChanges: Counter<'from' | 'to'>;

  constructor(registry: Registry) {
    this.segments = new Gauge({
      name: 'trottoir_segments',
      help: 'Registered segments by liveness (online, stale, offline) at the last node-state cycle',
      labelNames: ['state'],
      registers: [registry],
    });
    this.published = new Counter({
      name: 'trottoir_node_state_published_total',
      help: 'grid.node-state.v1 messages published',
      registers: [registry],
    });
    this.cycleSeconds = new Histogram({
      name: 'trottoir_node_state_cycle_duration_seconds',
      help: 'Time of one node-state cycle (refresh rollups, read, aggregate, publish), by outcome',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.livenessChanges = new Counter({
      name: 'trottoir_segment_liveness_changes_total',
      help: 'Segment liveness transitions observed, by previous and new state',
      labelNames: ['from', 'to'],
      registers: [registry],
    });
  }
}
