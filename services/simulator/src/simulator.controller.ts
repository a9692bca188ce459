/**
 * The simulator's own endpoints: which segments play dead (fault injection for trying dispatch).
 * Ops viewers may look; only an admin injects faults.
 */
import { BadRequestException, Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { Allow, Doc, Secured } from '@trottoir/service-runtime';

import { UnresponsiveSegments } from './unresponsive-segments';

const SEGMENT_IDS = { type: 'object', required: ['segmentIds'], properties: { segmentIds: { type: 'array', items: { type: 'string' } } } };

@Controller('v1/simulator')
@Secured()
export class SimulatorController {
  constructor(@Inject(UnresponsiveSegments) private readonly unresponsive: UnresponsiveSegments) {}

  @Get('unresponsive-segments')
  @Allow('ops-viewer')
  @Doc({ summary: 'The segments that ignore setpoints (fault injection)', response: { description: 'their ids, sorted', schema: SEGMENT_IDS } })
  list(): { segmentIds: string[] } {
    return { segmentIds: this.unresponsive.list() };
  }

  /** Replaces the set of segments that ignore setpoints: `{ "segmentIds": ["seg-1", …] }` (empty: none). */
  @Put('unresponsive-segments')
  @Allow('admin')
  @Doc({ summary: 'Replace the set of segments that ignore setpoints (empty: none)', body: { content: { 'application/json': SEGMENT_IDS } }, response: { description: 'the new set', schema: SEGMENT_IDS }, errors: { 400: 'not { "segmentIds": [...] }' } })
  replace(@Body() body: unknown): { segmentIds: string[] } {
    const ids = (body as { segmentIds?: unknown } | undefined)?.segmentIds;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) {
      throw new BadRequestException('expected { "segmentIds": [<segment id>, …] }');
    }
    this.unresponsive.replace(ids as string[]);
    return { segmentIds: this.unresponsive.list() };
  }
}
