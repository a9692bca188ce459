/**
 * The organiser's edge of a collective self-consumption operation: the consumption of participants the
 * segments do not meter (nearby buildings), and the `custom` key's shares per ISP. Both are recorded
 * append-only (a correction is a newer record) and make the operation's allocated months they touch pending
 * again, so the next cycle issues a new statement version when the result changes. Admin only: the
 * organiser (the commune's legal entity) is not a DSO operator.
 */
import { BadRequestException, Body, Controller, Inject, NotFoundException, Param, Put } from '@nestjs/common';
import type { Clock } from '@trottoir/kernel';
import { ISP_MS } from '@trottoir/kernel';
import { Allow, CLOCK, Doc, Secured } from '@trottoir/service-runtime';

import { MAX_ISPS_PER_REQUEST, OrganiserDataError, checkParticipant, parseConsumption, parseShares } from '../operations/organiser-data.parse';
import { ORGANISER_DATA } from '../operations/organiser-data.port';
import type { OrganiserData } from '../operations/organiser-data.port';
import { SETTLEMENT_CONFIG } from '../settlement.config';
import type { SettlementConfig } from '../settlement.config';
import { STATEMENT_STORE } from '../store/statement-store.port';
import type { StatementStore } from '../store/statement-store.port';

const ISP_START = { type: 'integer', description: 'start of a 15-minute ISP, epoch ms UTC' };
const RECORDED = {
  type: 'object',
  properties: { nodeId: { type: 'string' }, participant: { type: 'string' }, isps: { type: 'integer', description: 'ISPs recorded' }, monthsReopened: { type: 'integer', description: 'allocated months to allocate again' } },
};

function checked<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof OrganiserDataError) throw new BadRequestException({ message: error.message });
    throw error;
  }
}

@Controller('v1/operations')
@Secured()
export class OperationsController {
  constructor(
    @Inject(ORGANISER_DATA) private readonly data: OrganiserData,
    @Inject(STATEMENT_STORE) private readonly store: StatementStore,
    @Inject(SETTLEMENT_CONFIG) private readonly config: SettlementConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private operation(nodeId: string): void {
    if (!this.config.operations.includes(nodeId)) throw new NotFoundException({ message: `grid node "${nodeId}" is not an operation of this service (TROTTOIR_SETTLEMENT_OPERATIONS: ${this.config.operations.join(', ') || 'none'})` });
  }

  private async reopen(nodeId: string, starts: number[]): Promise<number> {
    return this.store.reopenAllocationPeriods(nodeId, Math.min(...starts), Math.max(...starts) + ISP_MS);
  }

  @Put(':nodeId/consumption/:participant')
  @Allow('admin')
  @Doc({
    summary: 'Record a participant\'s consumption per ISP (a participant the segments do not meter, e.g. a nearby building); a newer record of an ISP replaces the older in later allocations',
    body: { content: { 'application/json': { type: 'object', required: ['isps'], properties: { isps: { type: 'array', maxItems: MAX_ISPS_PER_REQUEST, items: { type: 'object', required: ['ispStart', 'powerW'], properties: { ispStart: ISP_START, powerW: { type: 'number', minimum: 0, description: 'mean consumption over the ISP, W' } } } } } } } },
    response: { description: 'what was recorded', schema: RECORDED },
    errors: { 400: 'not { "isps": [{ "ispStart", "powerW" }] }, a bad participant name, or a metered participant', 404: 'the node is not an operation of this service' },
  })
  async consumption(@Param('nodeId') nodeId: string, @Param('participant') participant: string, @Body() body: unknown): Promise<unknown> {
    this.operation(nodeId);
    const isps = checked(() => {
      checkParticipant(participant);
      return parseConsumption(body);
    });
    await this.data.recordConsumption(nodeId, participant, isps, this.clock.now());
    return { nodeId, participant, isps: isps.length, monthsReopened: await this.reopen(nodeId, isps.map((isp) => isp.ispStart)) };
  }

  @Put(':nodeId/allocation-shares')
  @Allow('admin')
  @Doc({
    summary: 'Record the custom key\'s shares per ISP (TROTTOIR_SETTLEMENT_ALLOCATION_KEY=custom): each participant\'s share of the ISP\'s production, Σ ≤ 1; a newer record of an ISP and participant replaces the older',
    body: { content: { 'application/json': { type: 'object', required: ['isps'], properties: { isps: { type: 'array', maxItems: MAX_ISPS_PER_REQUEST, items: { type: 'object', required: ['ispStart', 'shares'], properties: { ispStart: ISP_START, shares: { type: 'object', additionalProperties: { type: 'number', minimum: 0, maximum: 1 } } } } } } } } },
    response: { description: 'what was recorded', schema: RECORDED },
    errors: { 400: 'not { "isps": [{ "ispStart", "shares" }] }, a share outside 0–1 or shares above 1 in an ISP', 404: 'the node is not an operation of this service' },
  })
  async shares(@Param('nodeId') nodeId: string, @Body() body: unknown): Promise<unknown> {
    this.operation(nodeId);
    const isps = checked(() => parseShares(body));
    await this.data.recordShares(nodeId, isps, this.clock.now());
    return { nodeId, isps: isps.length, monthsReopened: await this.reopen(nodeId, isps.map((isp) => isp.ispStart)) };
  }
}
