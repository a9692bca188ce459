/**
 * The market view of a node: what the segments below it could move right now (the same computation as
 * the node state's flex_up_w / flex_down_w: flexibilityNow over the segments with fresh telemetry and
 * no other order), and the node's latest forecast issue. Market bidding systems read offers on
 * flex.offer.v1; this is the instant picture.
 */
import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { flexibilityNow } from '@trottoir/flexibility';
import type { Clock } from '@trottoir/kernel';
import { Allow, CLOCK, Doc, node, param, Scope, Secured } from '@trottoir/service-runtime';

import { DISPATCH_CONFIG } from '../dispatch.config';
import type { DispatchConfig } from '../dispatch.config';
import { DispatchFleet } from '../fleet/dispatch-fleet';
import { NodeView } from '../flex/node-view';

@Controller('v1/nodes')
@Secured()
export class FlexibilityController {
  constructor(
    @Inject(DispatchFleet) private readonly fleet: DispatchFleet,
    @Inject(NodeView) private readonly view: NodeView,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':nodeId/flexibility')
  @Allow('dso-operator', 'market', 'ops-viewer')
  @Scope(node(param('nodeId')))
  @Doc({ summary: 'What the segments below a grid node could move right now, and its latest forecast issue', response: { description: 'flexibility up and down, W', schema: { type: 'object' } }, errors: { 404: 'unknown grid node' } })
  async flexibility(@Param('nodeId') nodeId: string): Promise<unknown> {
    if (!this.fleet.node(nodeId)) throw new NotFoundException({ message: `no grid node "${nodeId}"` });
    const nowTs = this.clock.now();
    const view = await this.view.of(nodeId, { nowTs, staleAfterMs: this.config.staleAfterMs, freeFromTs: nowTs });
    let upW = 0;
    let downW = 0;
    for (const segment of view.available) {
      const now = flexibilityNow(segment.ratings, segment.live);
      upW += now.upW;
      downW += now.downW;
    }
    return {
      nodeId,
      at: nowTs,
      segments: view.segmentsBelow,
      segmentsAvailable: view.available.length,
      flexUpW: Math.round(upW),
      flexDownW: Math.round(downW),
      netPowerW: Math.round(view.nodeNow.netPowerW),
      forecastIssuedAt: view.forecast?.issuedAt ?? null,
    };
  }
}
