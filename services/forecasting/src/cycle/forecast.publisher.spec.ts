import { topics } from '@trottoir/contracts';
import { createQuantileSeries, forecastGridFor } from '@trottoir/forecasting-domain';
import { ManualClock } from '@trottoir/kernel';
import type { SegmentForecastResult } from '@trottoir/forecasting-domain';
import { InProcessMessageBus, NamespacedMessageBus } from '@trottoir/messaging';
import { TopicRecorder } from '@trottoir/testing';
import { describe, expect, it } from 'vitest';

import { ForecastPublisher } from './forecast.publisher';

describe('ForecastPublisher', () => {
  it('publishes 48 h segment forecasts in publishes of at most 512 KiB, whatever the partitioning', async () => {
    // One partition, the worst case of any partitioning, and a bus that refuses, as a broker would, a
    // publish whose record batch exceeds the budget.
    const budgetBytes = 512 * 1024;
    const bus = new NamespacedMessageBus(new InProcessMessageBus({ maxBatchBytes: budgetBytes }), 'spec', { partitions: 1 });
    await bus.ensureTopics([topics.forecastSegment]);
    const recorder = await TopicRecorder.start(bus, [topics.forecastSegment]);
    const issuedAt = Date.UTC(2026, 5, 21, 6, 2);
    const grid = forecastGridFor(issuedAt);
    const series = () => {
      const s = createQuantileSeries(grid.steps);
      s.values.fill(1234.5);
      return s;
    };
    const segments: SegmentForecastResult[] = Array.from({ length: 500 }, (_, i) => ({ segmentId: `seg-${i}`, gridNodeId: 'LV1', pvW: series(), lightsW: series(), evW: series() }));

    await new ForecastPublisher(bus, new ManualClock(issuedAt)).publishSegments(grid, segments, 'spec/1');

    const received = await recorder.waitFor(topics.forecastSegment, segments.length);
    expect(received.map((message) => message.key)).toEqual(segments.map((segment) => segment.segmentId));
    // More than one publish's worth: the budget had to split them.
    expect(received.reduce((sum, message) => sum + message.value.byteLength, 0)).toBeGreaterThan(budgetBytes);
    await recorder.stop();
  });
});
