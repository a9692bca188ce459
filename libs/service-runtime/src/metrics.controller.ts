/** Prometheus scrape endpoint: this service's registry only. */
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry } from '@trottoir/observability';

import { Public } from './access/access.decorators';
import { METRICS_REGISTRY } from './tokens';

@Controller()
@Public()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
