/**
 * Metrics of the per-minute node state: segments by liveness, states published, cycle duration, and per
 * grid node what the control room and the alerts watch (net power, segments by liveness, when its state
 * was last published). Per node: one series per node and label value, a few thousand at most for a city.
 */
import type { Registry } from '@trottoir/observability';
import { Counter, Gauge, Histogram } from '@trottoir/observability';
import type { NodeState } from '@trottoir/telemetry';

export class NodeStateMetrics {
  readonly segments: Gauge<'state'>;
  readonly published: Counter<string>;
  readonly cycleSeconds: Histogram<'outcome'>;
  readonly livenessChanges: Counter<'from' | 'to'>;
  readonly nodeSegments: Gauge<'node_id' | 'state'>;
  readonly nodePowerW: Gauge<'node_id' | 'flow'>;
  readonly nodeLastPublished: Gauge<'node_id'>;

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
    this.nodeSegments = new Gauge({
      name: 'trottoir_node_segments',
      help: 'Segments of a grid node\'s subtree by liveness (online, stale, offline) in its latest published state',
      labelNames: ['node_id', 'state'],
      registers: [registry],
    });
    this.nodePowerW = new Gauge({
      name: 'trottoir_node_power_w',
      help: 'Mean power of a grid node\'s subtree in its latest published state, W, by flow (net: import positive; pv; load; flex_up; flex_down)',
      labelNames: ['node_id', 'flow'],
      registers: [registry],
    });
    this.nodeLastPublished = new Gauge({
      name: 'trottoir_node_state_last_published_timestamp_seconds',
      help: 'Wall-clock time a grid node\'s state was last published, epoch seconds (compare with time())',
      labelNames: ['node_id'],
      registers: [registry],
    });
  }

  /** The nodes' latest states; a node that left the topology leaves the gauges (its publish time stays, and ages). */
  recordStates(states: readonly NodeState[], wallClockS: number): void {
    this.nodeSegments.reset();
    this.nodePowerW.reset();
    for (const state of states) {
      const node_id = state.nodeId;
      this.nodeSegments.set({ node_id, state: 'online' }, state.segmentsTotal - state.segmentsStale - state.segmentsOffline);
      this.nodeSegments.set({ node_id, state: 'stale' }, state.segmentsStale);
      this.nodeSegments.set({ node_id, state: 'offline' }, state.segmentsOffline);
      this.nodePowerW.set({ node_id, flow: 'net' }, state.netPowerW);
      this.nodePowerW.set({ node_id, flow: 'pv' }, state.pvPowerW);
      this.nodePowerW.set({ node_id, flow: 'load' }, state.loadPowerW);
      this.nodePowerW.set({ node_id, flow: 'flex_up' }, state.flexUpW);
      this.nodePowerW.set({ node_id, flow: 'flex_down' }, state.flexDownW);
      this.nodeLastPublished.set({ node_id }, wallClockS);
    }
  }
}
