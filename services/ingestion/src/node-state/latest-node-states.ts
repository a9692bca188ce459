/**
 * The latest state of each grid node, kept in memory for the operators' REST endpoint. The lease holder
 * replaces it with every cycle it computes; every replica (the holder too) merges the states published on
 * grid.node-state.v1 (NodeStateFollower), so that the endpoint answers alike on whichever replica a load
 * balancer picks, and goes on answering after a fail-over.
 */
import type { NodeState } from '@trottoir/telemetry';

export class LatestNodeStates {
  private states = new Map<string, NodeState>();
  /** The newest interval any state here is of: the cycle's current minute. */
  private newestIntervalStartTs = Number.NEGATIVE_INFINITY;

  /** Replaces everything: a node removed from the registry stops having a state. */
  replace(states: readonly NodeState[]): void {
    this.states = new Map(states.map((state) => [state.nodeId, state]));
    for (const state of states) this.newestIntervalStartTs = Math.max(this.newestIntervalStartTs, state.intervalStartTs);
  }

  /** Adds published states: per node the later interval wins (partitions arrive in any order; a redelivery is older or equal). */
  merge(states: readonly NodeState[]): void {
    for (const state of states) {
      const known = this.states.get(state.nodeId);
      if (known && known.intervalStartTs >= state.intervalStartTs) continue;
      this.states.set(state.nodeId, state);
      this.newestIntervalStartTs = Math.max(this.newestIntervalStartTs, state.intervalStartTs);
    }
  }

  /**
   * The node's latest state while it is current: a state more than one interval behind the newest one
   * known is of a node the cycle no longer computes (removed from the registry while this replica only
   * followed the topic, which never says "removed"). One interval of slack: a minute's states arrive
   * partition by partition.
   */
  get(nodeId: string): NodeState | undefined {
    const state = this.states.get(nodeId);
    if (!state || state.intervalStartTs + state.intervalMs < this.newestIntervalStartTs) return undefined;
    return state;
  }
}
