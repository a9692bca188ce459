/** `/health` (liveness) and `/ready` (readiness) for orchestrators and the terminal summary. */
import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';

import { Public } from './access/access.decorators';
import { ReadinessRegistry } from './readiness.registry';
import { SERVICE_NAME } from './tokens';

@Controller()
@Public()
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok'; service: string; uptimeS: number } {
    return { status: 'ok', service: this.service, uptimeS: Math.round((Date.now() - this.startedAt) / 1000) };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<{ status: string; service: string; checks: Record<string, string> }> {
    const report = await this.readiness.report();
    response.status(report.ready ? 200 : 503);
    return { status: report.ready ? 'ready' : 'not ready', service: this.service, checks: report.checks };
  }
}
