/** Operators' view of the latest computed state of one grid node: GET /v1/grid-nodes/{id}/state. */
import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import type { NodeState } from '@trottoir/telemetry';

import { LatestNodeStates } from './latest-node-states';

@Controller('v1/grid-nodes')
export class NodeStateController {
  constructor(@Inject(LatestNodeStates) private readonly latest: LatestNodeStates) {}

  @Get(':id/state')
  state(@Param('id') nodeId: string): NodeState & { intervalStart: string; computedAt: string } {
    const state = this.latest.get(nodeId);
    if (!state) throw new NotFoundException(`no state computed for grid node ${nodeId}`);
    return { ...state, intervalStart: new Date(state.intervalStartTs).toISOString(), computedAt: new Date(state.computedAtTs).toISOString() };
  }
}
