/**
 * Publishes an issue on forecast.node.v1 and forecast.segment.v1. A forecast message is ~12 kB (3 flows
 * × 5 levels × 192 float32), and a broker refuses a record batch over `message.max.bytes` (1 MiB by
 * default), which one partition's share of a large publish would exceed: messages go out in publishes
 * of at most PUBLISH_BUDGET_BYTES, so even if every one of them hashes to the same partition the batch fits.
 */
import { create } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { NodeForecastSchema, SegmentForecastSchema, topics } from '@trottoir/contracts';
import type { TopicDefinition } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { FlowForecasts, ForecastGrid, NodeForecastResult, QuantileSeries, SegmentForecastResult } from '@trottoir/forecasting-domain';
import type { MessageBus } from '@trottoir/messaging';

import { seriesToProto } from '../store/quantile-blob';

/** Half the broker's default max record batch, leaving room for headers and batch overhead. */
const PUBLISH_BUDGET_BYTES = 512 * 1024;
const SOURCE = 'trottoir/forecasting';

/** An upper bound of one forecast message's encoded size: packed floats, levels, ids and envelope. */
function messageBytes(series: QuantileSeries): number {
  return 3 * (series.values.length * 4 + series.levels.length * 16) + 512;
}

function flows(forecast: FlowForecasts) {
  return { pv: seriesToProto(forecast.pvW), lights: seriesToProto(forecast.lightsW), ev: seriesToProto(forecast.evW) };
}

function perPublish(series: QuantileSeries | undefined): number {
  return series ? Math.max(1, Math.floor(PUBLISH_BUDGET_BYTES / messageBytes(series))) : 1;
}

export class ForecastPublisher {
  constructor(
    private readonly bus: MessageBus,
    private readonly clock: Clock,
  ) {}

  /** Publishes the node forecasts of an issue. */
  async publishNodes(grid: ForecastGrid, nodes: readonly NodeForecastResult[], modelVersion: string): Promise<void> {
    const common = this.common(grid, modelVersion);
    await this.publishWithinBudget(topics.forecastNode, nodes, (node) =>
      create(NodeForecastSchema, { ...common, nodeId: node.nodeId, segments: node.segments, ...flows(node) }),
    );
  }

  /** Publishes segment forecasts of an issue. */
  async publishSegments(grid: ForecastGrid, segments: readonly SegmentForecastResult[], modelVersion: string): Promise<void> {
    const common = this.common(grid, modelVersion);
    await this.publishWithinBudget(topics.forecastSegment, segments, (segment) =>
      create(SegmentForecastSchema, { ...common, segmentId: segment.segmentId, gridNodeId: segment.gridNodeId, ...flows(segment) }),
    );
  }

  private async publishWithinBudget<Schema extends DescMessage, T extends FlowForecasts>(topic: TopicDefinition<Schema>, items: readonly T[], toMessage: (item: T) => MessageShape<Schema>): Promise<void> {
    const size = perPublish(items[0]?.pvW);
    for (let from = 0; from < items.length; from += size) {
      await this.bus.publish(topic, items.slice(from, from + size).map(toMessage), { source: SOURCE, time: this.clock.now() });
    }
  }

  private common(grid: ForecastGrid, modelVersion: string) {
    return { issuedAt: grid.issuedAt, startTs: grid.startTs, intervalMs: grid.stepMs, steps: grid.steps, modelVersion };
  }
}
