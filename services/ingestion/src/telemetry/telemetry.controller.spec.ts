import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEAD_LETTER_HEADERS, encodeJson, SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import { ManualClock } from '@trottoir/kernel';
import { DeadLetterPublisher, InProcessMessageBus } from '@trottoir/messaging';
import { Registry } from '@trottoir/observability';
import { accessForTests, bearer, TopicRecorder } from '@trottoir/testing';
import request from 'supertest';

import { TelemetryController } from './telemetry.controller';
import { TelemetryIntake } from './telemetry.intake';
import { TelemetryMetrics } from './telemetry.metrics';
import { InMemorySegmentLookup, reading, segment } from './testing/telemetry.fixtures';

const NOW_TS = Date.UTC(2026, 5, 21, 12);
const line = (overrides: Parameters<typeof reading>[2] = {}, id = 'seg-1', ts = NOW_TS - 1_000) => encodeJson(SegmentTelemetrySchema, reading(id, ts, overrides));

/** The device of seg-1: its token may post readings of seg-1 only. */
const admin = () => bearer({ roles: ['admin'] });
const device = () => bearer({ roles: ['device'], segmentIds: ['seg-1'] });

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
    @Module({ imports: [accessForTests().module], controllers: [TelemetryController], providers: [{ provide: TelemetryIntake, useValue: intake }] })
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
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set(admin()).set('content-type', 'application/x-ndjson').send(body);
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
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set(device()).set('content-type', 'application/json').send(body);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 1, rejected: 1, reasons: [{ index: 1, code: 'SOC_OUT_OF_RANGE' }] });
  });

  it('given a body that is neither an array nor an object, then 400', async () => {
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set(device()).set('content-type', 'text/plain').send('hello');
    expect(response.status).toBe(400);
  });

  it('given no token, then 401 with WWW-Authenticate: Bearer and nothing queued', async () => {
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set('content-type', 'application/json').send(`[${line()}]`);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.body.message).toContain('bearer token is required');
  });

  it('given a device posting a reading of a segment that is not its own, then 403 for the whole batch and nothing queued or dead-lettered', async () => {
    const before = { raw: recorder.on(topics.telemetryRaw).length, dlq: recorder.on(topics.telemetryDlq).length };
    const body = [line({}, 'seg-1', NOW_TS - 4_000), line({}, 'seg-2', NOW_TS - 4_000), '{not json'].join('\n');
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set(device()).set('content-type', 'application/x-ndjson').send(body);
    expect(response.status).toBe(403);
    expect(response.body.message).toContain('"seg-2"');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect({ raw: recorder.on(topics.telemetryRaw).length, dlq: recorder.on(topics.telemetryDlq).length }).toEqual(before);
  });

  it('given a role that does not post telemetry, then 403', async () => {
    const response = await request(app.getHttpServer()).post('/v1/telemetry').set(bearer({ roles: ['ops-viewer'] })).set('content-type', 'application/json').send(`[${line()}]`);
    expect(response.status).toBe(403);
    expect(response.body.message).toContain('needs one of the roles device, admin');
  });

  it('given a retried batch with the same Idempotency-Key, then the first answer again and its readings queued once', async () => {
    const body = `[${line({}, 'seg-1', NOW_TS - 5_000)}]`;
    const before = recorder.on(topics.telemetryRaw).length;
    const send = () => request(app.getHttpServer()).post('/v1/telemetry').set(device()).set('idempotency-key', 'batch-0042').set('content-type', 'application/json').send(body);
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await recorder.waitFor(topics.telemetryRaw, before + 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.on(topics.telemetryRaw)).toHaveLength(before + 1);
  });
});
