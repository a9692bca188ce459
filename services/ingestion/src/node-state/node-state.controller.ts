/** Operators' view of the latest computed state of one grid node: GET /v1/grid-nodes/{id}/state. */
import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { Allow, Doc, node, param, Scope, Secured } from '@trottoir/service-runtime';
import type { NodeState } from '@trottoir/telemetry';

import { LatestNodeStates } from './latest-node-states';

@Controller('v1/grid-nodes')
@Secured()
export class NodeStateController {
  constructor(@Inject(LatestNodeStates) private readonly latest: LatestNodeStates) {}

  @Get(':id/state')
  @Allow('dso-operator', 'market', 'ops-viewer')
  @Scope(node(param('id')))
  @Doc({
    summary: 'The latest computed state of a grid node (sums of PV, load, net power, segments reporting, flexibility), refreshed every minute',
    response: { description: 'the node state, instants also as ISO 8601', schema: { type: 'object', required: ['nodeId', 'intervalStart', 'computedAt'], properties: { nodeId: { type: 'string' }, intervalStart: { type: 'string', format: 'date-time' }, computedAt: { type: 'string', format: 'date-time' } }, additionalProperties: true } },
    errors: { 404: 'no state computed yet for this node' },
  })
  state(@Param('id') nodeId: string): NodeState & { intervalStart: string; computedAt: string } {
    const state = this.latest.get(nodeId);
    if (!state) throw new NotFoundException(`no state computed for grid node ${nodeId}`);
    return { ...state, intervalStart: new Date(state.intervalStartTs).toISOString(), computedAt: new Date(state.computedAtTs).toISOString() };
  }
}
