/**
 * weather.forecast.v1 → PostgreSQL. Each message is decoded and checked; a bad one goes to
 * weather.dlq.v1 unchanged with its reason (the consumer then commits past it and goes on), the good
 * ones are stored in one statement per batch. A store failure throws, so the batch is redelivered.
 */
import type { WeatherForecast } from '@trottoir/contracts';
import { topics } from '@trottoir/contracts';
import { validateWeatherForecast } from '@trottoir/forecasting-domain';
import type { WeatherRejection } from '@trottoir/forecasting-domain';
import { decodeEvent } from '@trottoir/messaging';
import type { DeadLetterPublisher, MessageBatch, ReceivedMessage } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';

import type { ForecastingMetrics } from '../forecasting.metrics';
import type { WeatherArchive } from './weather-archive.port';

interface Rejected {
  readonly message: ReceivedMessage;
  readonly rejection: WeatherRejection | { code: 'DECODE_FAILED'; detail: string };
}

export class WeatherIntake {
  constructor(
    private readonly archive: WeatherArchive,
    /** weather.dlq.v1 */
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: ForecastingMetrics,
    private readonly logger: Logger,
  ) {}

  async handle(batch: MessageBatch<typeof topics.weatherForecast.schema>): Promise<void> {
    const accepted: WeatherForecast[] = [];
    const rejected: Rejected[] = [];
    for (const message of batch.messages) {
      let forecast: WeatherForecast;
      try {
        forecast = decodeEvent(batch.topic, message);
      } catch (error) {
        rejected.push({ message, rejection: { code: 'DECODE_FAILED', detail: (error as Error).message } });
        continue;
      }
      const rejection = validateWeatherForecast(forecast);
      if (rejection) rejected.push({ message, rejection });
      else accepted.push(forecast);
    }
    const stored = await this.archive.insert(accepted);
    await this.deadLetter(rejected);
    this.metrics.weatherForecasts.inc({ outcome: 'stored' }, stored);
    this.metrics.weatherForecasts.inc({ outcome: 'duplicate' }, accepted.length - stored);
    if (rejected.length > 0) this.metrics.weatherForecasts.inc({ outcome: 'rejected' }, rejected.length);
  }

  private async deadLetter(rejected: readonly Rejected[]): Promise<void> {
    if (rejected.length === 0) return;
    await this.deadLetters.publish(rejected.map(({ message, rejection }) => ({ message, reason: rejection })));
    for (const { message, rejection } of rejected) {
      this.metrics.deadLettered.inc({ reason: rejection.code });
      this.logger.warn({ key: message.key, reason: rejection.code, detail: rejection.detail }, 'weather forecast dead-lettered');
    }
  }
}
