/**
 * weather.forecast.v1 → PostgreSQL. Each message is decoded and checked; a bad one goes to
 * weather.dlq.v1 unchanged with its reason (the consumer then commits past it and goes on), the good
 * ones are stored in one statement per batch. A store failure throws, so the batch is redelivered.
 */
import type { WeatherForecast } from '@trottoir/contracts';
import { topics } from '@trottoir/contracts';
import { validateWeatherForecast } from '@trottoir/forecasting-domain';
import type { WeatherRejection } from '@trottoir/forecasting-domain';
import { decodeEvent, deadLetterHeaders } from '@trottoir/messaging';
import type { MessageBatch, MessageBus, ReceivedMessage } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';

import type { ForecastingMetrics } from '../forecasting.metrics';
import type { WeatherStore } from './weather.store';

/** The dead letters' `dlq-source`. */
const DEAD_LETTER_SOURCE = 'forecasting';

interface Rejected {
  readonly message: ReceivedMessage;
  readonly rejection: WeatherRejection | { code: 'DECODE_FAILED'; detail: string };
}

export class WeatherIntake {
  constructor(
    private readonly store: WeatherStore,
    private readonly bus: MessageBus,
    private readonly metrics: ForecastingMetrics,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async handle(batch: MessageBatch): Promise<void> {
    const accepted: WeatherForecast[] = [];
    const rejected: Rejected[] = [];
    for (const message of batch.messages) {
      let forecast: WeatherForecast;
      try {
        forecast = decodeEvent(topics.weatherForecast, message);
      } catch (error) {
        rejected.push({ message, rejection: { code: 'DECODE_FAILED', detail: (error as Error).message } });
        continue;
      }
      const rejection = validateWeatherForecast(forecast);
      if (rejection) rejected.push({ message, rejection });
      else accepted.push(forecast);
    }
    const stored = await this.store.insert(accepted);
    await this.deadLetter(rejected);
    this.metrics.weatherForecasts.inc({ outcome: 'stored' }, stored);
    this.metrics.weatherForecasts.inc({ outcome: 'duplicate' }, accepted.length - stored);
    if (rejected.length > 0) this.metrics.weatherForecasts.inc({ outcome: 'rejected' }, rejected.length);
  }

  private async deadLetter(rejected: readonly Rejected[]): Promise<void> {
    if (rejected.length === 0) return;
    await this.bus.publish(
      topics.weatherDlq.name,
      rejected.map(({ message, rejection }) => ({
        key: message.key,
        value: message.value,
        headers: deadLetterHeaders(message, rejection, DEAD_LETTER_SOURCE, this.now()),
        timestampMs: message.timestampMs,
      })),
    );
    for (const { message, rejection } of rejected) {
      this.metrics.deadLettered.inc({ reason: rejection.code });
      this.logger.warn({ key: message.key, reason: rejection.code, detail: rejection.detail }, 'weather forecast dead-lettered');
    }
  }
}
