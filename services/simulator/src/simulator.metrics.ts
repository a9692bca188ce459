/** The simulator's Prometheus metrics, registered in the service's registry. */
import { Counter, Gauge, Histogram } from '@trottoir/observability';
import type { Registry } from '@trottoir/observability';

export class SimulatorMetrics {
  readonly readingsPublished: Counter;
  readonly stepSeconds: Histogram;
  readonly segments: Gauge;
  readonly setpoints: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.readingsPublished = new Counter({ name: 'trottoir_sim_readings_published_total', help: 'Readings published on telemetry.raw.v1', registers: [registry] });
    this.stepSeconds = new Histogram({
      name: 'trottoir_sim_step_duration_seconds',
      help: 'Time to simulate one step of the whole fleet and publish its readings',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.segments = new Gauge({ name: 'trottoir_sim_segments', help: 'Segments in the simulated fleet', registers: [registry] });
    this.setpoints = new Counter({ name: 'trottoir_sim_setpoints_total', help: 'Setpoints received, by outcome', labelNames: ['outcome'], registers: [registry] });
  }
}
