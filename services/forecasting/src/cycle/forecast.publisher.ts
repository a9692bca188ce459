/**
 * Publishes an issue on forecast.node.v1 and forecast.segment.v1. Segment forecasts go out in
 * chunks, so one issue of a 100,000-segment fleet is never one giant produce request.
 */
import { create } from '@bufbuild/protobuf';
import { NodeForecastSchema, SegmentForecastSchema, topics } from '@trottoir/contracts';
import type { ForecastGrid, NodeForecastResult, SegmentForecastResult } from '@trottoir/forecasting-domain';
import type { MessageBus } from '@trottoir/messaging';
import { publishEvents } from '@trottoir/messaging';

import { seriesToProto } from '../store/quantile-blob';

const SEGMENTS_PER_PUBLISH = 1_000;
const SOURCE = 'trottoir/forecasting';

export class ForecastPublisher {
  constructor(
    private readonly bus: MessageBus,
    private readonly now: () => number = Date.now,
  ) {}

  /** Publishes the node forecasts of an issue. */
  async publishNodes(grid: ForecastGrid, nodes: readonly NodeForecastResult[], modelVersion: string): Promise<void> {
    const common = this.common(grid, modelVersion);
    await publishEvents(
      this.bus,
      topics.forecastNode,
      nodes.map((node) =>
        create(NodeForecastSchema, { ...common, nodeId: node.nodeId, segments: node.segments, pv: seriesToProto(node.pvW), lights: seriesToProto(node.lightsW), ev: seriesToProto(node.evW) }),
      ),
      { source: SOURCE, now: this.now },
    );
  }

  /** Publishes segment forecasts of an issue, a bounded number per produce request. */
  async publishSegments(grid: ForecastGrid, segments: readonly SegmentForecastResult[], modelVersion: string): Promise<void> {
    const common = this.common(grid, modelVersion);
    for (let from = 0; from < segments.length; from += SEGMENTS_PER_PUBLISH) {
      await publishEvents(
        this.bus,
        topics.forecastSegment,
        segments.slice(from, from + SEGMENTS_PER_PUBLISH).map((segment) =>
          create(SegmentForecastSchema, {
            ...common,
            segmentId: segment.segmentId,
            gridNodeId: segment.gridNodeId,
            pv: seriesToProto(segment.pvW),
            lights: seriesToProto(segment.lightsW),
            ev: seriesToProto(segment.evW),
          }),
        ),
        { source: SOURCE, now: this.now },
      );
    }
  }

  private common(grid: ForecastGrid, modelVersion: string) {
    return { issuedAt: grid.issuedAt, startTs: grid.startTs, intervalMs: grid.stepMs, steps: grid.steps, modelVersion };
  }
}
