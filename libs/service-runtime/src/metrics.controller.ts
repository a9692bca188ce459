/**
 * Prometheus scrape endpoint: this service's registry only. `?name=<metric>` (repeatable) serves only
 * the metrics named, as exporters' `collect[]` filters do: a poller that follows a few counters (a
 * benchmark's flow control, the terminal summary) then costs nothing like a full scrape, which at
 * 100,000 segments carries tens of thousands of per-node series and runs the readiness checks.
 */
import { BadRequestException, Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { Registry } from '@trottoir/observability';

import { Public } from './access/access.decorators';
import { METRICS_REGISTRY } from './tokens';

@Controller()
@Public()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(@Query('name') name?: string | string[]): Promise<string> {
    if (name === undefined) return this.registry.metrics();
    const names = [...new Set(Array.isArray(name) ? name : [name])];
    const unknown = names.filter((metric) => this.registry.getSingleMetric(metric) === undefined);
    if (unknown.length > 0) throw new BadRequestException(`no metric named ${unknown.map((metric) => `"${metric}"`).join(', ')} in this service (names are metric families: a histogram's, not its _sum or _count)`);
    const parts = await Promise.all(names.map((metric) => this.registry.getSingleMetricAsString(metric)));
    return `${parts.join('\n')}\n`;
  }
}
