import { topics } from '@trottoir/contracts';
import { createQuantileSeries, forecastGridFor } from '@trottoir/forecasting-domain';
import type { SegmentForecastResult } from '@trottoir/forecasting-domain';
import type { MessageBus, OutgoingMessage } from '@trottoir/messaging';
import { describe, expect, it } from 'vitest';

import { ForecastPublisher } from './forecast.publisher';

describe('ForecastPublisher', () => {
  it('publishes 48 h segment forecasts in publishes of at most 512 KiB, whatever the partitioning', async () => {
    const publishes: OutgoingMessage[][] = [];
    const bus = { publish: async (topic: string, messages: OutgoingMessage[]) => void (topic === topics.forecastSegment.name && publishes.push(messages)) } as unknown as MessageBus;
    const grid = forecastGridFor(Date.UTC(2026, 5, 21, 6, 2));
    const series = () => {
      const s = createQuantileSeries(grid.steps);
      s.values.fill(1234.5);
      return s;
    };
    const segments: SegmentForecastResult[] = Array.from({ length: 500 }, (_, i) => ({ segmentId: `seg-${i}`, gridNodeId: 'LV1', pvW: series(), lightsW: series(), evW: series() }));

    await new ForecastPublisher(bus).publishSegments(grid, segments, 'spec/1');

    expect(publishes.flat().map((message) => message.key)).toEqual(segments.map((segment) => segment.segmentId));
    for (const messages of publishes) {
      const bytes = messages.reduce((sum, message) => sum + message.value.byteLength + message.key.length + JSON.stringify(message.headers).length, 0);
      expect(bytes).toBeLessThanOrEqual(512 * 1024);
    }
    expect(publishes.length).toBeGreaterThan(1);
  });
});
