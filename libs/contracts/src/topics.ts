/**
 * The typed topic registry: every Kafka topic of the platform, the message it carries, its key and
 * partitioning, and who produces and consumes it. Publishing and subscribing go through it, so that a
 * wrong payload is a compile error; topic creation and the AsyncAPI document are derived from it.
 */
import { DeadLetterSchema } from './gen/trottoir/telemetry/v1/dead_letter_pb';
import { SegmentTelemetrySchema, TelemetryBatchSchema } from './gen/trottoir/telemetry/v1/segment_telemetry_pb';
import { SegmentSchema } from './gen/trottoir/fleet/v1/segment_pb';
import { GridNodeSchema } from './gen/trottoir/grid/v1/grid_node_pb';
import { GridNodeStateSchema } from './gen/trottoir/grid/v1/node_state_pb';
import { SegmentSetpointSchema } from './gen/trottoir/dispatch/v1/setpoint_pb';
import { SetpointAckSchema } from './gen/trottoir/dispatch/v1/setpoint_ack_pb';
import { FlexDeliverySchema, FlexOfferSchema, FlexOrderResponseSchema, FlexOrderSchema, FlexRequestSchema } from './gen/trottoir/flex/v1/flex_pb';
import { NodeForecastSchema, SegmentForecastSchema } from './gen/trottoir/forecast/v1/forecast_pb';
import { WeatherForecastSchema } from './gen/trottoir/weather/v1/weather_forecast_pb';
import { SettlementStatementSchema } from './gen/trottoir/settlement/v1/statement_pb';
import { encodeNodeForecast, encodeSegmentForecast } from './forecast-wire';
import { DAY_MS } from '@trottoir/kernel';

import { defineTopic } from './topic-definition';
import type { TopicDefinition } from './topic-definition';


export const topics = {
  telemetryRaw: defineTopic({
    name: 'telemetry.raw.v1',
    schema: SegmentTelemetrySchema,
    valueFormat: 'protobuf',
    keyOf: (reading) => reading.segmentId,
    keyDescription: 'segmentId of the reading, so that one segment\'s readings stay in order',
    partitions: 12,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description: 'Segment telemetry as received from devices, edge gateways and the simulator, not yet validated.',
    producers: ['simulator'],
    consumers: ['ingestion'],
  }),
  telemetryValidated: defineTopic({
    name: 'telemetry.validated.v2',
    schema: TelemetryBatchSchema,
    valueFormat: 'protobuf',
    // Every reading of a record came from one telemetry.raw.v1 partition, i.e. hashes to that partition:
    // with as many partitions here, any of them (the first) routes the record to the same partition number,
    // so all records holding a given segment share one partition and its readings stay in order.
    keyOf: (batch) => batch.readings[0]?.segmentId ?? '',
    keyDescription:
      'segmentId of the batch\'s first reading; every reading of a batch hashes to the same partition (they come from one telemetry.raw.v1 partition, ' +
      'and the topic has as many partitions), so one segment\'s readings stay in order',
    partitions: 12,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description:
      'Telemetry that passed validation (schema, ranges, plausibility against the ratings, clock skew), in batches: one record holds the valid readings of ' +
      'one batch of a telemetry.raw.v1 partition (at most 256 KiB of readings), in their order. Replaces telemetry.validated.v1 (one record per reading), ' +
      'whose record building and headers were a fifth of the ingestion service\'s CPU. ' +
      'A reading sent twice, or a batch redelivered, comes again: readers keep the latest reading per segment by its ts.',
    producers: ['ingestion'],
    consumers: ['dispatch'],
  }),
  telemetryDlq: defineTopic({
    name: 'telemetry.dlq.v1',
    schema: DeadLetterSchema,
    valueFormat: 'original-bytes',
    keyOf: (deadLetter) => deadLetter.originalKey,
    keyDescription: 'the original message\'s key (a segmentId for telemetry)',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    description:
      'Telemetry that could not be accepted. The value is the failed message\'s bytes unchanged; its original headers are kept ' +
      'and dlq-* headers say why (the reason code is a trottoir.telemetry.v1.DeadLetterReason name, e.g. DECODE_FAILED, ' +
      'UNKNOWN_SEGMENT, NOT_FINITE, PV_ABOVE_RATING, SOC_OUT_OF_RANGE, TS_IN_FUTURE, TOO_LATE).',
    producers: ['ingestion'],
    consumers: ['operator'],
  }),
  fleetSegment: defineTopic({
    name: 'fleet.segment.v1',
    schema: SegmentSchema,
    valueFormat: 'protobuf',
    keyOf: (segment) => segment.segmentId,
    keyDescription: 'segmentId; the topic is compacted, so the latest record per segment is its current registry entry',
    partitions: 6,
    cleanupPolicy: 'compact',
    description: 'The fleet registry: each segment\'s grid node, location and ratings (PV, lighting, EV connectors, battery).',
    producers: ['ingestion', 'simulator'],
    consumers: ['ingestion', 'forecasting', 'dispatch', 'settlement'],
  }),
  fleetGridNode: defineTopic({
    name: 'fleet.grid-node.v1',
    schema: GridNodeSchema,
    valueFormat: 'protobuf',
    keyOf: (node) => node.nodeId,
    keyDescription: 'nodeId; the topic is compacted, so the latest record per node is the current topology',
    partitions: 3,
    cleanupPolicy: 'compact',
    description: 'The grid topology: substations and feeders with their parent, rated limit and owning DSO.',
    producers: ['ingestion', 'simulator'],
    consumers: ['ingestion', 'forecasting', 'dispatch', 'settlement'],
  }),
  gridNodeState: defineTopic({
    name: 'grid.node-state.v1',
    schema: GridNodeStateSchema,
    valueFormat: 'protobuf',
    keyOf: (state) => state.nodeId,
    keyDescription: 'nodeId of the aggregated grid node',
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description: 'Per node and per minute: PV, load and net power summed below the node, segments reporting or stale, flexibility up/down.',
    producers: ['ingestion'],
    consumers: ['dispatch', 'dso', 'market'],
  }),
  dispatchSetpoint: defineTopic({
    name: 'dispatch.setpoint.v1',
    schema: SegmentSetpointSchema,
    valueFormat: 'protobuf',
    keyOf: (setpoint) => setpoint.segmentId,
    keyDescription: 'segmentId of the commanded segment, so that a segment\'s setpoints stay in order',
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description:
      'Per-segment commands from dispatch (PV curtailment, EV charging limit, light dimming, battery power), obeyed until their validUntil.',
    producers: ['dispatch'],
    consumers: ['simulator'],
  }),
  dispatchAck: defineTopic({
    name: 'dispatch.ack.v1',
    schema: SetpointAckSchema,
    valueFormat: 'protobuf',
    keyOf: (ack) => ack.segmentId,
    keyDescription: 'segmentId of the answering segment',
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description: 'Each segment\'s answer to a setpoint: applied, or rejected with its reason. A setpoint left unanswered makes its segment unavailable to dispatch.',
    producers: ['simulator'],
    consumers: ['dispatch'],
  }),
  flexRequest: defineTopic({
    name: 'flex.request.v1',
    schema: FlexRequestSchema,
    valueFormat: 'protobuf',
    keyOf: (request) => request.nodeId,
    keyDescription: 'nodeId of the congestion point, so that one node\'s requests, orders and answers stay in order',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    description: 'USEF FlexRequest from a DSO: per ISP, the change of net power it asks of the segments below a grid node, an optional max price, an expiry. Also what POST /v1/flex-requests publishes.',
    producers: ['dso', 'dispatch'],
    consumers: ['dispatch'],
  }),
  flexOffer: defineTopic({
    name: 'flex.offer.v1',
    schema: FlexOfferSchema,
    valueFormat: 'protobuf',
    keyOf: (offer) => offer.nodeId,
    keyDescription: 'nodeId of the congestion point',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    description: 'USEF FlexOffer answering a request within seconds: per ISP what can be delivered (PV at P10) and its price; 0 with the reason when nothing can. Market bidding systems read it as availability.',
    producers: ['dispatch'],
    consumers: ['dso', 'market'],
  }),
  flexOrder: defineTopic({
    name: 'flex.order.v1',
    schema: FlexOrderSchema,
    valueFormat: 'protobuf',
    keyOf: (order) => order.nodeId,
    keyDescription: 'nodeId of the congestion point',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    description: 'USEF FlexOrder: a DSO accepts an offer in whole or in part. Also what POST /v1/flex-orders publishes.',
    producers: ['dso', 'dispatch'],
    consumers: ['dispatch', 'settlement'],
  }),
  flexOrderResponse: defineTopic({
    name: 'flex.order-response.v1',
    schema: FlexOrderResponseSchema,
    valueFormat: 'protobuf',
    keyOf: (response) => response.nodeId,
    keyDescription: 'nodeId of the congestion point',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    description: 'Dispatch\'s answer to each order: accepted (setpoints on their way) or rejected with the reason (unknown or expired offer, above what was offered…).',
    producers: ['dispatch'],
    consumers: ['dso', 'settlement'],
  }),
  flexDelivery: defineTopic({
    name: 'flex.delivery.v1',
    schema: FlexDeliverySchema,
    valueFormat: 'protobuf',
    keyOf: (delivery) => delivery.nodeId,
    keyDescription: 'nodeId of the congestion point',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    description:
      'Per order and ISP: ordered against delivered at the node (measured net power against the baseline frozen at order time), while the ISP runs (final = false; around a fail-over of dispatch, when another replica takes an order over, interim figures of one interval may come twice) and once it is over (final = true: at most once per order and ISP across the cluster, stored before it is published; a replica dying between the two leaves the final figures stored, GET /v1/flex-orders/{orderId}, but not published).',
    producers: ['dispatch'],
    consumers: ['dso', 'settlement'],
  }),
  settlementStatement: defineTopic({
    name: 'settlement.statement.v1',
    schema: SettlementStatementSchema,
    valueFormat: 'protobuf',
    keyOf: (statement) => statement.orderId || statement.nodeId,
    keyDescription: 'orderId of the settled order (nodeId of the operation for an allocation statement), so that the versions of one statement stay in order',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 90 * DAY_MS,
    description:
      'One version of a settlement statement: of an order (ordered, baseline, metered, delivered, remuneration and penalty per ISP and per segment) or of a participant\'s ' +
      'month of energy allocation; the canonical JSON document, its SHA-256, and the difference to the previous version. Late data that change the result publish the next version; an unchanged result publishes nothing.',
    producers: ['settlement'],
    consumers: ['dso', 'market'],
  }),
  flexDlq: defineTopic({
    name: 'flex.dlq.v1',
    schema: DeadLetterSchema,
    valueFormat: 'original-bytes',
    keyOf: (deadLetter) => deadLetter.originalKey,
    keyDescription: 'the original message\'s key (a grid node id)',
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    description:
      'Flex requests and orders dispatch could not accept, and order responses settlement could not read. The value is the failed message\'s bytes unchanged; dlq-* headers say why ' +
      '(DECODE_FAILED, SCHEMA_INVALID).',
    producers: ['dispatch', 'settlement'],
    consumers: ['operator'],
  }),
  weatherForecast: defineTopic({
    name: 'weather.forecast.v1',
    schema: WeatherForecastSchema,
    valueFormat: 'protobuf',
    keyOf: (forecast) => forecast.locationId,
    keyDescription: 'locationId of the provider\'s grid point or station, so that one location\'s issues stay in order',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 3 * DAY_MS,
    description:
      'Numerical weather forecasts from a provider: per location and interval, GHI or cloud cover and air temperature. ' +
      'The forecaster turns them into a clear-sky index; without them it falls back to persistence and climatology.',
    producers: ['weather-provider'],
    consumers: ['forecasting'],
  }),
  weatherDlq: defineTopic({
    name: 'weather.dlq.v1',
    schema: DeadLetterSchema,
    valueFormat: 'original-bytes',
    keyOf: (deadLetter) => deadLetter.originalKey,
    keyDescription: 'the original message\'s key (a weather locationId)',
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    description:
      'Weather forecasts the forecaster could not accept. The value is the failed message\'s bytes unchanged; dlq-* headers say why ' +
      '(DECODE_FAILED, SCHEMA_INVALID, NOT_FINITE, OUT_OF_RANGE).',
    producers: ['forecasting'],
    consumers: ['operator'],
  }),
  forecastSegment: defineTopic({
    name: 'forecast.segment.v1',
    schema: SegmentForecastSchema,
    valueFormat: 'protobuf',
    keyOf: (forecast) => forecast.segmentId,
    encode: encodeSegmentForecast,
    keyDescription: 'segmentId of the forecast segment, so that a segment\'s successive issues stay in order',
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 2 * DAY_MS,
    description:
      'Every 15 minutes, per segment: PV, street-light and EV-charging power as quantiles (P10–P90) for 15-minute intervals up to 48 h ahead, stamped with issuedAt.',
    producers: ['forecasting'],
    consumers: ['dispatch'],
  }),
  forecastNode: defineTopic({
    name: 'forecast.node.v1',
    schema: NodeForecastSchema,
    valueFormat: 'protobuf',
    keyOf: (forecast) => forecast.nodeId,
    encode: encodeNodeForecast,
    keyDescription: 'nodeId of the forecast grid node',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description:
      'Every 15 minutes, per grid node: PV, street-light and EV-charging power below the node as quantiles from node-level errors, up to 48 h ahead, stamped with issuedAt.',
    producers: ['forecasting'],
    consumers: ['dispatch', 'settlement', 'dso', 'market'],
  }),
} as const;

export type TopicKey = keyof typeof topics;

export const allTopics: readonly TopicDefinition[] = Object.values(topics);

/** Looks a topic up by its Kafka name: for names that come from outside the code (a dead letter's origin, a CLI option). */
export function topicByName(name: string): TopicDefinition | undefined {
  return allTopics.find((topic) => topic.name === name);
}
