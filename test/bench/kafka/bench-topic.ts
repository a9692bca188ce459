/** A topic of the benchmark's own (bytes of any shape), for the adapter's typed API. */
import { BytesValueSchema } from '@bufbuild/protobuf/wkt';
import type { TopicDefinition } from '@trottoir/contracts';
import { defineTopic } from '@trottoir/contracts';

export function benchTopic(name: string, partitions = 1): TopicDefinition {
  return defineTopic({
    name,
    schema: BytesValueSchema,
    valueFormat: 'protobuf',
    keyOf: () => 'bench',
    keyDescription: 'any',
    partitions,
    cleanupPolicy: 'delete',
    description: 'a benchmark topic',
    producers: [],
    consumers: [],
  });
}
