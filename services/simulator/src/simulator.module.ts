/**
 * The simulator service: a generated fleet of solar sidewalk segments that publishes telemetry and
 * obeys and acknowledges setpoints, so the whole loop runs without hardware. Configured by
 * TROTTOIR_SIM_* variables.
 */
import { Module } from '@nestjs/common';
import type { Registry } from '@trottoir/observability';
import { METRICS_REGISTRY } from '@trottoir/service-runtime';

import type { SimulatorConfig } from './simulator.config';
import { loadSimulatorConfig, SIMULATOR_CONFIG } from './simulator.config';
import { SimulatorController } from './simulator.controller';
import { SimulatorMetrics } from './simulator.metrics';
import { SimulatorRunner } from './simulator.runner';
import { UnresponsiveSegments } from './unresponsive-segments';

@Module({
  controllers: [SimulatorController],
  providers: [
    { provide: SIMULATOR_CONFIG, useFactory: () => loadSimulatorConfig() },
    { provide: UnresponsiveSegments, useFactory: (config: SimulatorConfig) => new UnresponsiveSegments(config.unresponsiveSegments), inject: [SIMULATOR_CONFIG] },
    { provide: SimulatorMetrics, useFactory: (registry: Registry) => new SimulatorMetrics(registry), inject: [METRICS_REGISTRY] },
    SimulatorRunner,
  ],
})
export class SimulatorModule {}
