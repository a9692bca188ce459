/**
 * The forecasting service: PV, street-light and EV-charging load as quantiles per segment and per
 * grid node, every 15 minutes, 48 h ahead, with its own rolling backtest. The runtime (health,
 * readiness, metrics, consumer supervision, graceful shutdown) comes from RuntimeModule.
 */
import { Module } from '@nestjs/common';

import { ForecastModule } from './forecast.module';

@Module({ imports: [ForecastModule.register()] })
export class ForecastingModule {}
