/** Maps a computed node state to its contract message on grid.node-state.v1. */
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
    flexUpW: state.flexUpW,
    flexDownW: state.flexDownW,
    computedAt: state.computedAtTs,
  });
}
