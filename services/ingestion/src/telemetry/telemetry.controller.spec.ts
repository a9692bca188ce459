import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEAD_LETTER_HEADERS, encodeJson, SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import { ManualClock } from '@trottoir/kernel';
import { DeadLetterPublisher, InProcessMessageBus } from '@trottoir/messaging';
import { Registry } from '@trottoir/observability';
import { TopicRecorder } from '@trottoir/testing';
import request from 'supertest';

import { TelemetryController } from './telemetry.controller';
import { TelemetryIntake } from './telemetry.intake';
import { TelemetryMetrics } from './telemetry.metrics';
import { InMemorySegmentLookup, reading, segment } from './testing/telemetry.fixtures';

const NOW_TS = Date.UTC(2026, 5, 21, 12);
const line = (overrides: Parameters<typeof reading>[2] = {}, id = 'seg-1', ts = NOW_TS - 1_000) => encodeJson(SegmentTelemetrySchema, reading(id, ts, overrides));

describe('POST /v1/telemetry', () => {
  let app: INestApplication;
  let bus: InProcessMessageBus;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    bus = new InProcessMessageBus();
    await bus.ensureTopics([topics.telemetryRaw, topics.telemetryDlq]);
    recorder = await TopicRecorder.start(bus, [topics.telemetryRaw, topics.telemetryDlq]);
    const clock = new ManualClock(NOW_TS);
    const deadLetters = new DeadLetterPublisher(bus, topics.telemetryDlq, 'ingestion', clock);
    const intake = new TelemetryIntake(bus, deadLetters, new InMemorySegmentLookup([segment('seg-1')]), new TelemetryMetrics(new Registry()), clock);
    @Module({ controllers: [TelemetryController], providers: [{ provide: TelemetryIntake, useValue: intake }] })
    class SpecModule {}
    app = await NestFactory.create(SpecModule, { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await bus?.close();
  });

  it('given NDJSON with good and bad lines, then 202 with the counts and each bad line\'s reason, good ones queued and bad ones dead-lettered', async () => {
    const body = [line(), '{not json', line({}, 'seg-unknown'), line({ pvPowerW: 9_000 }), line({}, 'seg-1', NOW_TS - 2_000), ''].join('\n');
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set('content-type', 'application/x-ndjson').send(body);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      accepted: 2,
      rejected: 3,
      reasons: [
        { index: 1, code: 'DECODE_FAILED' },
        { index: 2, code: 'UNKNOWN_SEGMENT' },
        { index: 3, code: 'PV_ABOVE_RATING' },
      ],
    });
    expect((await recorder.waitFor(topics.telemetryRaw, 2)).map((m) => m.key)).toEqual(['seg-1', 'seg-1']);
    // Keys pick partitions, so the dead letters may come back in any order.
    const dlq = await recorder.waitFor(topics.telemetryDlq, 3);
    expect(dlq.map((m) => m.headers[DEAD_LETTER_HEADERS.reason]).sort()).toEqual(['DECODE_FAILED', 'PV_ABOVE_RATING', 'UNKNOWN_SEGMENT']);
    expect(new TextDecoder().decode(dlq.find((m) => m.headers[DEAD_LETTER_HEADERS.reason] === 'DECODE_FAILED')?.value)).toBe('{not json');
  });

  it('given a JSON array, then each element is one reading', async () => {
    const body = `[${line({}, 'seg-1', NOW_TS - 3_000)},${line({ batterySocPct: 140 })}]`;
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set('content-type', 'application/json').send(body);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 1, rejected: 1, reasons: [{ index: 1, code: 'SOC_OUT_OF_RANGE' }] });
  });

  it('given a body that is neither an array nor an object, then 400', async () => {
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set('content-type', 'text/plain').send('hello');
    expect(response.status).toBe(400);
  });
});
