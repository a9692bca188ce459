import { Writable } from 'node:stream';

import { create } from '@bufbuild/protobuf';
import { allTopics, SegmentTelemetrySchema, TelemetryBatchSchema, topics } from '@trottoir/contracts';
import { InProcessMessageBus } from '@trottoir/messaging';
import { createLogger, Registry } from '@trottoir/observability';
import { ConsumerSupervisor, ReadinessRegistry } from '@trottoir/service-runtime';

import { LiveState } from './live-state';
import { LiveFollower } from './live.follower';

const TS = Date.UTC(2026, 5, 21, 12);
const reading = (segmentId: string, ts: number, pvPowerW: number) => create(SegmentTelemetrySchema, { segmentId, ts, pvPowerW, netPowerW: -pvPowerW, batterySocPct: 50 });

async function follow() {
  const bus = new InProcessMessageBus();
  await bus.ensureTopics(allTopics);
  const logger = createLogger({ service: 'dispatch', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  const supervisor = new ConsumerSupervisor('dispatch', bus, logger, new Registry(), new ReadinessRegistry(), 'test-instance');
  const live = new LiveState();
  const heard: string[] = [];
  live.onReading((segmentId, r) => heard.push(`${segmentId}@${r.ts - TS}`));
  await new LiveFollower(live, supervisor, logger).onApplicationBootstrap();
  return { bus, live, heard };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('LiveFollower', () => {
  it('given telemetry.validated.v2 batches, when followed, then every reading reaches the listeners in order and each segment keeps its latest', async () => {
    const { bus, live, heard } = await follow();
    try {
      await bus.publish(topics.telemetryValidated, [create(TelemetryBatchSchema, { readings: [reading('seg-1', TS, 100), reading('seg-2', TS, 200), reading('seg-1', TS + 1_000, 110)] })], { source: 'trottoir/ingestion' });
      await bus.publish(topics.telemetryValidated, [create(TelemetryBatchSchema, { readings: [reading('seg-1', TS + 500, 999)] })], { source: 'trottoir/ingestion' });
      await until(() => heard.length === 4);
      expect(heard).toEqual(['seg-1@0', 'seg-2@0', 'seg-1@1000', 'seg-1@500']);
      // The late reading (ts + 500 after ts + 1,000) is heard but does not replace the latest.
      expect(live.reading('seg-1')).toEqual({ ts: TS + 1_000, pvPowerW: 110, lightsPowerW: 0, evPowerW: 0, batteryPowerW: 0, batterySocPct: 50, evSessionsActive: 0, netPowerW: -110 });
      expect(live.reading('seg-2')?.pvPowerW).toBe(200);
    } finally {
      await bus.close();
    }
  });
});
