/**
 * The simulator service: a generated fleet of solar sidewalk segments that publishes telemetry and
 * obeys setpoints, so the whole loop runs without hardware. Configured by TROTTOIR_SIM_* variables.
 */
import { Module } from '@nestjs/common';
import type { Registry } from '@trottoir/observability';
import { METRICS_REGISTRY } from '@trottoir/service-runtime';

import { loadSimulatorConfig, SIMULATOR_CONFIG } from './simulator.config';
import { SimulatorMetrics } from './simulator.metrics';
import { SimulatorRunner } from './simulator.runner';

@Module({
  providers: [
    { provide: SIMULATOR_CONFIG, useFactory: () => loadSimulatorConfig() },
    { provide: SimulatorMetrics, useFactory: (registry: Registry) => new SimulatorMetrics(registry), inject: [METRICS_REGISTRY] },
    SimulatorRunner,
  ],
})
export class SimulatorModule {}
