/**
 * A topic of the typed topic registry: its name, the protobuf message it carries, how its key is
 * derived from the message (so that ordering holds per segment or per grid node), its partitioning,
 * who produces and who consumes it (documented in the AsyncAPI document generated from the registry).
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';

export interface TopicDefinition<Schema extends DescMessage = DescMessage> {
  /** `<domain>.<event>.v<N>` */
  name: string;
  schema: Schema;
  /** The partitioning key of a message: a segmentId or a grid node id. */
  keyOf: (message: MessageShape<Schema>) => string;
  /** What the key is, in words, for the AsyncAPI document. */
  keyDescription: string;
  partitions: number;
  cleanupPolicy: 'delete' | 'compact';
  retentionMs?: number;
  description: string;
  producers: readonly string[];
  consumers: readonly string[];
}
