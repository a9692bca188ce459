import { create } from '@bufbuild/protobuf';
import { DEAD_LETTER_HEADERS, WeatherForecastSchema, WeatherIntervalSchema, topics } from '@trottoir/contracts';
import type { WeatherForecast } from '@trottoir/contracts';
import { DAY_MS, HOUR_MS, ManualClock } from '@trottoir/kernel';
import { DeadLetterPublisher, InProcessMessageBus } from '@trottoir/messaging';
import { TopicRecorder } from '@trottoir/testing';
import { createLogger, createMetricsRegistry } from '@trottoir/observability';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { ForecastingMetrics } from '../forecasting.metrics';
import { InMemoryWeatherStore } from '../store/weather.store.in-memory';
import { WeatherIntake } from './weather.intake';

const ISSUED_AT = Date.UTC(2026, 5, 21, 3);

function aForecast(locationId: string, cloudCoverPct: number): WeatherForecast {
  return create(WeatherForecastSchema, {
    provider: 'spec',
    locationId,
    latDeg: 45.76,
    lonDeg: 4.84,
    issuedAt: ISSUED_AT,
    intervals: [create(WeatherIntervalSchema, { startTs: ISSUED_AT, intervalMs: HOUR_MS, cloudCoverPct })],
  });
}

describe('WeatherIntake', () => {
  it('stores the good forecasts of a batch and dead-letters the bad ones unchanged, with their reason', async () => {
    const bus = new InProcessMessageBus();
    await bus.ensureTopics([topics.weatherForecast, topics.weatherDlq]);
    const store = new InMemoryWeatherStore();
    const clock = new ManualClock(ISSUED_AT);
    const metrics = new ForecastingMetrics(createMetricsRegistry('forecasting', { processMetrics: false }), clock);
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const deadLetterPublisher = new DeadLetterPublisher(bus, topics.weatherDlq, 'forecasting', clock);
    const intake = new WeatherIntake(store, deadLetterPublisher, metrics, createLogger({ service: 'forecasting', destination: silent }));
    const recorder = await TopicRecorder.start(bus, [topics.weatherDlq]);

    await bus.publish(topics.weatherForecast, [aForecast('good', 40), aForecast('cloudier-than-sky', 140)], { source: 'spec' });
    await bus.publishRecords(topics.weatherForecast, [{ key: 'noise', value: Buffer.from([0xff, 0xff, 0xff]), headers: {} }]);
    const consumer = await bus.subscribe(topics.weatherForecast, { groupId: 'forecasting', fromBeginning: true }, (batch) => intake.handle(batch));

    const deadLetters = await recorder.waitFor(topics.weatherDlq, 2);
    await consumer.close();
    const stored = await store.latest(ISSUED_AT, DAY_MS);
    expect(stored.map((forecast) => forecast.locationId)).toEqual(['good']);
    expect(Object.fromEntries(deadLetters.map((message) => [message.key, message.headers[DEAD_LETTER_HEADERS.reason]]))).toEqual({ 'cloudier-than-sky': 'OUT_OF_RANGE', noise: 'DECODE_FAILED' });
    expect([...(deadLetters.find((message) => message.key === 'noise')?.value ?? [])]).toEqual([0xff, 0xff, 0xff]);
    const rejected = await metrics.weatherForecasts.get();
    expect(rejected.values.find((value) => value.labels.outcome === 'rejected')?.value).toBe(2);
  });
});
