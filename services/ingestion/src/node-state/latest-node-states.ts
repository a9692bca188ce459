/** The latest computed state of each grid node, kept in memory for the operators' REST endpoint. */
import type { NodeState } from '@trottoir/telemetry';

export class LatestNodeStates {
  private states = new Map<string, NodeState>();

  /** Replaces everything: a node removed from the registry stops having a state. */
  replace(states: readonly NodeState[]): void {
    this.states = new Map(states.map((state) => [state.nodeId, state]));
  }

  get(nodeId: string): NodeState | undefined {
    return this.states.get(nodeId);
  }
}
