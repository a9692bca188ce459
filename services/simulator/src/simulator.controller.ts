/**
 * The simulator's own endpoints: which segments play dead (fault injection for trying dispatch).
 */
import { BadRequestException, Body, Controller, Get, Inject, Put } from '@nestjs/common';

import { UnresponsiveSegments } from './unresponsive-segments';

@Controller('v1/simulator')
export class SimulatorController {
  constructor(@Inject(UnresponsiveSegments) private readonly unresponsive: UnresponsiveSegments) {}

  @Get('unresponsive-segments')
  list(): { segmentIds: string[] } {
    return { segmentIds: this.unresponsive.list() };
  }

  /** Replaces the set of segments that ignore setpoints: `{ "segmentIds": ["seg-1", …] }` (empty: none). */
  @Put('unresponsive-segments')
  replace(@Body() body: unknown): { segmentIds: string[] } {
    const ids = (body as { segmentIds?: unknown } | undefined)?.segmentIds;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) {
      throw new BadRequestException('expected { "segmentIds": [<segment id>, …] }');
    }
    this.unresponsive.replace(ids as string[]);
    return { segmentIds: this.unresponsive.list() };
  }
}
