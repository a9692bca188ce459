import { create } from '@bufbuild/protobuf';

import { SegmentTelemetrySchema, TelemetryBatchSchema } from './gen/trottoir/telemetry/v1/segment_telemetry_pb';
import { aDeadLetter, aGridNode, aNodeState, aReading, aSegment } from './messages.fixture';
import { toRecord } from './record';
import { externalParties, serviceNames } from './topic-definition';
import type { TopicMessage } from './topic-definition';
import { allTopics, topicByName, topics } from './topics';

describe('topic registry', () => {
  it('names every topic <domain>.<event>.v<N>, once', () => {
    for (const topic of allTopics) expect(topic.name).toMatch(/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$/);
    expect(new Set(allTopics.map((topic) => topic.name)).size).toBe(allTopics.length);
  });

  it('holds the platform topics under their keys', () => {
    expect(Object.fromEntries(Object.entries(topics).map(([id, topic]) => [id, topic.name]))).toEqual({
      telemetryRaw: 'telemetry.raw.v1',
      telemetryValidated: 'telemetry.validated.v2',
      telemetryDlq: 'telemetry.dlq.v1',
      fleetSegment: 'fleet.segment.v1',
      fleetGridNode: 'fleet.grid-node.v1',
      gridNodeState: 'grid.node-state.v1',
      dispatchSetpoint: 'dispatch.setpoint.v1',
      dispatchAck: 'dispatch.ack.v1',
      flexRequest: 'flex.request.v1',
      flexOffer: 'flex.offer.v1',
      flexOrder: 'flex.order.v1',
      flexOrderResponse: 'flex.order-response.v1',
      flexDelivery: 'flex.delivery.v1',
      settlementStatement: 'settlement.statement.v1',
      flexDlq: 'flex.dlq.v1',
      weatherForecast: 'weather.forecast.v1',
      weatherDlq: 'weather.dlq.v1',
      forecastSegment: 'forecast.segment.v1',
      forecastNode: 'forecast.node.v1',
    });
    expect(topics.telemetryRaw.partitions).toBe(12);
    // A validated batch is keyed by its first reading: a segment's batches share a partition only while the counts match.
    expect(topics.telemetryValidated.partitions).toBe(topics.telemetryRaw.partitions);
    expect(topics.fleetSegment.cleanupPolicy).toBe('compact');
    expect(topics.fleetGridNode.cleanupPolicy).toBe('compact');
  });

  it('derives each topic\'s key from its message', () => {
    expect(topics.telemetryRaw.keyOf(aReading({ segmentId: 'seg-42' }))).toBe('seg-42');
    expect(topics.telemetryValidated.keyOf(create(TelemetryBatchSchema, { readings: [aReading({ segmentId: 'seg-43' }), aReading({ segmentId: 'seg-47' })] }))).toBe('seg-43');
    expect(topics.telemetryDlq.keyOf({ ...aDeadLetter(), originalKey: 'seg-44' })).toBe('seg-44');
    expect(topics.fleetSegment.keyOf(aSegment({ segmentId: 'seg-45' }))).toBe('seg-45');
    expect(topics.fleetGridNode.keyOf(aGridNode({ nodeId: 'lv-9' }))).toBe('lv-9');
    expect(topics.gridNodeState.keyOf(aNodeState({ nodeId: 'ss-3' }))).toBe('ss-3');
    // Everything of one congestion point (request, offer, order, answer, delivery) goes to one partition, in order.
    for (const topic of [topics.flexRequest, topics.flexOffer, topics.flexOrder, topics.flexOrderResponse, topics.flexDelivery]) {
      expect(topic.keyDescription).toMatch(/^nodeId/);
    }
  });

  it('has known services as producers and consumers, and a producer for every topic', () => {
    for (const topic of allTopics) {
      expect(topic.producers.length).toBeGreaterThan(0);
      expect(topic.consumers.length).toBeGreaterThan(0);
      for (const party of [...topic.producers, ...topic.consumers]) expect([...serviceNames, ...externalParties]).toContain(party);
    }
  });

  it('keeps retention where records expire and none on compacted tables', () => {
    expect(topics.telemetryRaw).toMatchObject({ partitions: 12, cleanupPolicy: 'delete', retentionMs: 7 * 24 * 3600 * 1000 });
    expect(topics.fleetSegment.cleanupPolicy).toBe('compact');
    for (const topic of allTopics) expect(topic.retentionMs === undefined).toBe(topic.cleanupPolicy === 'compact');
  });

  it('finds a topic by its Kafka name', () => {
    expect(topicByName('grid.node-state.v1')).toBe(topics.gridNodeState);
    expect(topicByName('grid.node-state.v9')).toBeUndefined();
  });

  it('types each topic\'s message, so that a wrong payload does not compile', () => {
    const reading: TopicMessage<typeof topics.telemetryRaw> = create(SegmentTelemetrySchema, { segmentId: 's' });
    const options = { source: 'trottoir/test', time: 0 };
    expect(toRecord(topics.telemetryRaw, reading, options).key).toBe('s');
    // tsc checks the @ts-expect-error lines (spec files are part of tsconfig.json): were the registry
    // untyped, the directive would be unused and tsc would fail. protobuf-es refuses it at run time too.
    // @ts-expect-error a Segment is not a SegmentTelemetry
    expect(() => toRecord(topics.telemetryRaw, aSegment(), options)).toThrow(/cannot use field/);
    // @ts-expect-error a GridNodeState is not a GridNode
    topics.fleetGridNode.keyOf(aNodeState());
  });
});
