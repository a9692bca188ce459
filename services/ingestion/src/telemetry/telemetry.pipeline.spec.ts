import { DEAD_LETTER_HEADERS, topics } from '@trottoir/contracts';
import { ManualClock, MINUTE_MS } from '@trottoir/kernel';
import { DeadLetterPublisher, InProcessMessageBus } from '@trottoir/messaging';
import { Registry } from '@trottoir/observability';
import type { TelemetryRow } from '@trottoir/persistence';
import { TopicRecorder } from '@trottoir/testing';

import { TelemetryMetrics } from './telemetry.metrics';
import { TelemetryPipeline } from './telemetry.pipeline';
import { InMemorySegmentLookup, jsonBytes, protobufBytes, reading, received, segment } from './testing/telemetry.fixtures';

const NOW_TS = Date.UTC(2026, 5, 21, 12);

const raw = (messages: ReturnType<typeof received>[]) => ({ topic: topics.telemetryRaw, partition: 0, messages });

async function setup(options: { failWrites?: boolean } = {}) {
  const bus = new InProcessMessageBus();
  await bus.ensureTopics([topics.telemetryValidated, topics.telemetryDlq]);
  const recorder = await TopicRecorder.start(bus, [topics.telemetryValidated, topics.telemetryDlq]);
  const clock = new ManualClock(NOW_TS);
  const stored: TelemetryRow[] = [];
  const marked: number[] = [];
  const writer = {
    write: async (rows: readonly TelemetryRow[]) => {
      if (options.failWrites) throw new Error('database down');
      stored.push(...rows);
      return { inserted: rows.length, duplicates: 0 };
    },
  };
  const registry = new Registry();
  const pipeline = new TelemetryPipeline({
    bus,
    deadLetters: new DeadLetterPublisher(bus, topics.telemetryDlq, 'ingestion', clock),
    writer,
    dirtyIntervals: { mark: async (ts) => void marked.push(...ts) },
    segments: new InMemorySegmentLookup([segment('seg-1')]),
    metrics: new TelemetryMetrics(registry),
    clock,
  });
  return { pipeline, stored, marked, recorder, registry };
}

describe('TelemetryPipeline', () => {
  it('given valid protobuf and JSON readings, when handled, then they are stored and published as validated', async () => {
    const { pipeline, stored, recorder } = await setup();
    await pipeline.handle(
      raw([
        received('seg-1', protobufBytes(reading('seg-1', NOW_TS - 1_000))),
        received('seg-1', jsonBytes(reading('seg-1', NOW_TS - 500)), { 'content-type': 'application/json' }),
      ]),
    );
    expect(stored.map((row) => row.ts)).toEqual([NOW_TS - 1_000, NOW_TS - 500]);
    // One record for the batch's valid readings, in their order.
    await recorder.waitFor(topics.telemetryValidated, 1);
    expect(recorder.events(topics.telemetryValidated).map((batch) => batch.readings)).toEqual([[reading('seg-1', NOW_TS - 1_000), reading('seg-1', NOW_TS - 500)]]);
    expect(recorder.on(topics.telemetryDlq)).toHaveLength(0);
  });

  it('given bad bytes, an unknown segment and a mismatched key, when handled, then each is dead-lettered with its reason and the original bytes', async () => {
    const { pipeline, stored, recorder, registry } = await setup();
    const bad = new Uint8Array([0xff, 0xff, 0xff]);
    await pipeline.handle(
      raw([
        received('seg-1', bad),
        received('seg-x', protobufBytes(reading('seg-x', NOW_TS))),
        received('seg-2', protobufBytes(reading('seg-1', NOW_TS))),
        received('seg-1', protobufBytes(reading('seg-1', NOW_TS, { pvPowerW: 9_000 }))),
      ]),
    );
    // Keys pick partitions: read the dead letters back in the order they were set aside.
    const dlq = [...(await recorder.waitFor(topics.telemetryDlq, 4))].sort((a, b) => Number(a.headers[DEAD_LETTER_HEADERS.originalOffset]) - Number(b.headers[DEAD_LETTER_HEADERS.originalOffset]));
    expect(dlq.map((m) => m.headers?.[DEAD_LETTER_HEADERS.reason])).toEqual(['DECODE_FAILED', 'UNKNOWN_SEGMENT', 'SCHEMA_INVALID', 'PV_ABOVE_RATING']);
    expect(dlq[0].value).toEqual(bad);
    expect(dlq[0].headers?.[DEAD_LETTER_HEADERS.originalTopic]).toBe(topics.telemetryRaw.name);
    expect(stored).toHaveLength(0);
    expect(await registry.getSingleMetricAsString('trottoir_messages_dead_lettered_total')).toContain('reason="PV_ABOVE_RATING"} 1');
  });

  it('given a reading 5 minutes old, when handled, then it is stored and its interval marked dirty', async () => {
    const { pipeline, stored, marked } = await setup();
    const ts = NOW_TS - 5 * MINUTE_MS;
    await pipeline.handle(raw([received('seg-1', protobufBytes(reading('seg-1', ts)))]));
    expect(stored).toHaveLength(1);
    expect(marked).toEqual([ts]);
  });

  it('given the database down, when handled, then it throws before publishing anything (the batch is redelivered)', async () => {
    const { pipeline, recorder } = await setup({ failWrites: true });
    const batch = raw([received('seg-1', new Uint8Array([0xff])), received('seg-1', protobufBytes(reading('seg-1', NOW_TS)))]);
    await expect(pipeline.handle(batch)).rejects.toThrow('database down');
    // The in-process bus delivers within milliseconds: anything published would be here by now.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recorder.on(topics.telemetryDlq)).toHaveLength(0);
    expect(recorder.on(topics.telemetryValidated)).toHaveLength(0);
  });
});
