/** Maps a computed node state to its contract message on grid.node-state.v1, and back. */
import { create } from '@bufbuild/protobuf';
import type { GridNodeState } from '@trottoir/contracts';
import { GridNodeStateSchema } from '@trottoir/contracts';
import type { NodeState } from '@trottoir/telemetry';

export function toGridNodeStateMessage(state: NodeState): GridNodeState {
  return create(GridNodeStateSchema, {
    nodeId: state.nodeId,
    intervalStart: state.intervalStartTs,
    intervalMs: state.intervalMs,
    pvPowerW: state.pvPowerW,
    loadPowerW: state.loadPowerW,
    netPowerW: state.netPowerW,
    segmentsReporting: state.segmentsReporting,
    segmentsStale: state.segmentsStale,
    segmentsOffline: state.segmentsOffline,
    segmentsTotal: state.segmentsTotal,
    flexUpW: state.flexUpW,
    flexDownW: state.flexDownW,
    computedAt: state.computedAtTs,
  });
}

/** A node state as another replica computed and published it (the view a follower keeps). */
export function fromGridNodeStateMessage(message: GridNodeState): NodeState {
  return {
    nodeId: message.nodeId,
    intervalStartTs: message.intervalStart,
    intervalMs: message.intervalMs,
    pvPowerW: message.pvPowerW,
    loadPowerW: message.loadPowerW,
    netPowerW: message.netPowerW,
    segmentsReporting: message.segmentsReporting,
    segmentsStale: message.segmentsStale,
    segmentsOffline: message.segmentsOffline,
    segmentsTotal: message.segmentsTotal,
    flexUpW: message.flexUpW,
    flexDownW: message.flexDownW,
    computedAtTs: message.computedAt,
  };
}
