/**
 * A topic of the typed topic registry: its name, the protobuf message it carries, how its key is
 * derived from the message (so that ordering holds per segment or per grid node), its partitioning,
 * who produces and who consumes it (documented in the AsyncAPI document generated from the registry).
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';

/** The services of the platform; consumer group id = service name. */
export const serviceNames = ['ingestion', 'forecasting', 'dispatch', 'settlement', 'simulator'] as const;
export type ServiceName = (typeof serviceNames)[number];

/**
 * Who else reads or writes a topic: a DSO's control-room integration, market bidding systems, a weather
 * provider's feed, operators (the `trottoir` CLI, dashboards).
 */
export const externalParties = ['dso', 'market', 'weather-provider', 'operator'] as const;
export type ExternalParty = (typeof externalParties)[number];
export type TopicParty = ServiceName | ExternalParty;

/**
 * How a record's value is encoded on the topic:
 * - `protobuf`: the binary encoding of `schema`, with the envelope in CloudEvents headers;
 * - `original-bytes`: the bytes of a message that failed elsewhere, byte for byte; `schema` then
 *   describes the logical record (value + key + headers) rather than the value (the dead-letter topic).
 */
export type ValueFormat = 'protobuf' | 'original-bytes';

export interface TopicDefinition<Schema extends DescMessage = DescMessage> {
  /** `<domain>.<event>.v<N>` */
  name: string;
  schema: Schema;
  valueFormat: ValueFormat;
  /**
   * The partitioning key of a message: a segmentId or a grid node id. Declared as a method so that a
   * `TopicDefinition<typeof XSchema>` is still a `TopicDefinition` (method parameters are bivariant).
   */
  keyOf(message: MessageShape<Schema>): string;
  /** What the key is, in words, for the AsyncAPI document. */
  keyDescription: string;
  partitions: number;
  cleanupPolicy: 'delete' | 'compact';
  /** Retention of a `delete` topic; compacted topics keep the latest record per key for ever. */
  retentionMs?: number;
  description: string;
  /**
   * A faster encoder of the topic's message, byte for byte what protobuf-es writes (held to that by a
   * test); protobuf-es's `toBinary` is used when absent.
   */
  encode?(message: MessageShape<Schema>): Uint8Array;
  producers: readonly TopicParty[];
  consumers: readonly TopicParty[];
}

/** The message type a topic carries: `TopicMessage<typeof topics.telemetryRaw>` is `SegmentTelemetry`. */
export type TopicMessage<Topic> = Topic extends TopicDefinition<infer Schema> ? MessageShape<Schema> : never;

/** Declares a topic, inferring the schema so that `keyOf` and every use of the topic are typed. */
export function defineTopic<Schema extends DescMessage>(definition: TopicDefinition<Schema>): TopicDefinition<Schema> {
  return definition;
}
