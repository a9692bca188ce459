/**
 * The forecasting service: forecasts PV production, street-light and EV-charging load as quantiles per segment and per grid node.
 * Its capabilities arrive issue by issue as use cases wired here; the runtime (health, readiness,
 * metrics, consumer supervision, graceful shutdown) comes from RuntimeModule.
 */
import { Module } from '@nestjs/common';

@Module({})
export class ForecastingModule {}
