/**
 * Starts and stops what runs on its own: the weather consumer (group `forecasting`) and the
 * quarter-hour forecast scheduler. On shutdown the scheduler stops first and an issue in flight is
 * finished (stored and published), then the runtime closes consumers and the bus.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ISP_MS } from '@trottoir/kernel';
import type { Clock } from '@trottoir/kernel';
import { topics } from '@trottoir/contracts';
import type { Logger } from '@trottoir/observability';
import { BoundaryScheduler, CLOCK, ConsumerSupervisor, LOGGER } from '@trottoir/service-runtime';

import { FORECASTING_CONFIG } from './forecasting.config';
import type { ForecastingConfig } from './forecasting.config';
import { ForecastCycle } from './cycle/forecast.cycle';
import { FleetView } from './fleet/fleet-view';
import { WeatherIntake } from './weather/weather.intake';

/** Issues after the first one while the fleet is still arriving (see scheduleFirstIssue). */
const FIRST_ISSUE_FOLLOW_UPS = 3;

@Injectable()
export class ForecastingRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: BoundaryScheduler;
  private firstRun?: ReturnType<typeof setTimeout>;
  private stopping = false;

  constructor(
    @Inject(ForecastCycle) readonly cycle: ForecastCycle,
    @Inject(FleetView) private readonly fleet: FleetView,
    @Inject(WeatherIntake) private readonly weather: WeatherIntake,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(FORECASTING_CONFIG) private readonly config: ForecastingConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.scheduler = new BoundaryScheduler({ periodMs: ISP_MS, delayMs: config.cycleDelayMs, name: 'forecast cycle' }, () => cycle.run(), clock, logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.supervisor.subscribe(topics.weatherForecast, {}, (batch) => this.weather.handle(batch));
    this.scheduler.start();
    // A first issue soon after start rather than up to 15 min later; tried again while the fleet topics
    // have not been read yet (a cycle without segments is skipped).
    if (this.config.firstCycleDelayMs > 0) this.scheduleFirstIssue();
  }

  /**
   * The first issue, tried again until one is made; then issued again while the fleet was still being
   * read during it (segments and grid nodes come on two topics, and a registry still admitting the city
   * publishes for a while): otherwise a node missing from the first issue would have no forecast for
   * 15 minutes. At most FIRST_ISSUE_FOLLOW_UPS more, so a fleet that keeps changing costs no more.
   */
  private scheduleFirstIssue(followUps = FIRST_ISSUE_FOLLOW_UPS): void {
    this.firstRun = setTimeout(() => {
      const fleetVersion = this.fleet.version;
      void this.scheduler.runNow().then(() => {
        // Another replica holds the lease and issues: this one waits for the quarter-hours, standing by.
        if (this.stopping || this.cycle.standingBy) return;
        if (this.cycle.issuedCount === 0) this.scheduleFirstIssue(followUps);
        else if (this.fleet.version !== fleetVersion && followUps > 0) this.scheduleFirstIssue(followUps - 1);
      });
    }, this.config.firstCycleDelayMs);
    this.firstRun.unref();
  }

  /** Runs a cycle now (operators, tests); waits for one in flight instead of starting a second. */
  runNow(): Promise<void> {
    return this.scheduler.runNow();
  }

  onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.firstRun);
    return this.scheduler.stop();
  }
}
