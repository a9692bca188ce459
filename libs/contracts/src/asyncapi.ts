/**
 * The AsyncAPI 3.0 document of the platform's Kafka topics, built from the typed topic registry and the
 * protobuf descriptors, so that it cannot drift from the code: docs/asyncapi.yaml is this document
 * written out (`node tools/scripts/run-ts.mjs libs/contracts/src/asyncapi.write.ts`), and a unit test
 * fails when the committed file differs.
 */
import { DeadLetterReasonSchema, DeadLetterSchema } from './gen/trottoir/telemetry/v1/dead_letter_pb';
import { DEAD_LETTER_HEADERS } from './dead-letter';
import { ENVELOPE_HEADERS, PROTOBUF_CONTENT_TYPE } from './envelope';
import { messageSchema } from './json-schema';
import type { JsonSchema, SchemaCatalog } from './json-schema';
import { topics } from './topics';
import type { TopicKey } from './topics';
import { serviceNames } from './topic-definition';
import type { TopicDefinition } from './topic-definition';
import { toYaml } from './yaml';

const KAFKA_BINDING_VERSION = '0.5.0';
export const ASYNCAPI_DOCUMENT_PATH = 'docs/asyncapi.yaml';

const envelopeHeadersSchema: JsonSchema = {
  type: 'object',
  description:
    'CloudEvents 1.0 binary content mode (Kafka protocol binding). The record key is the envelope key; the value is the payload only.',
  required: [ENVELOPE_HEADERS.specVersion, ENVELOPE_HEADERS.id, ENVELOPE_HEADERS.type, ENVELOPE_HEADERS.source, ENVELOPE_HEADERS.time, ENVELOPE_HEADERS.contentType],
  properties: {
    [ENVELOPE_HEADERS.specVersion]: { type: 'string', const: '1.0' },
    [ENVELOPE_HEADERS.id]: { type: 'string', format: 'uuid', description: 'Event id; consumers de-duplicate on it.' },
    [ENVELOPE_HEADERS.type]: { type: 'string', description: 'Fully-qualified protobuf name of the payload.' },
    [ENVELOPE_HEADERS.source]: { type: 'string', description: '`trottoir/<service>` or `segment/<segment id>`.' },
    [ENVELOPE_HEADERS.time]: { type: 'string', format: 'date-time', description: 'Event time, RFC 3339 UTC.' },
    [ENVELOPE_HEADERS.contentType]: { type: 'string', const: PROTOBUF_CONTENT_TYPE },
    [ENVELOPE_HEADERS.traceparent]: { type: 'string', description: 'W3C Trace Context of the producing span.' },
    [ENVELOPE_HEADERS.tracestate]: { type: 'string', description: 'W3C Trace Context vendor state.' },
  },
};

const deadLetterHeadersSchema: JsonSchema = {
  type: 'object',
  description: 'The failed message\'s original headers (its envelope included), plus why it was set aside.',
  required: [DEAD_LETTER_HEADERS.reason, DEAD_LETTER_HEADERS.originalTopic, DEAD_LETTER_HEADERS.failedAt, DEAD_LETTER_HEADERS.source],
  properties: {
    [DEAD_LETTER_HEADERS.reason]: {
      type: 'string',
      enum: DeadLetterReasonSchema.values.map((value) => value.localName),
      description: 'A trottoir.telemetry.v1.DeadLetterReason name without its prefix.',
    },
    [DEAD_LETTER_HEADERS.detail]: { type: 'string' },
    [DEAD_LETTER_HEADERS.originalTopic]: { type: 'string' },
    [DEAD_LETTER_HEADERS.failedAt]: { type: 'string', pattern: '^[0-9]+$', description: 'Epoch ms UTC.' },
    [DEAD_LETTER_HEADERS.source]: { type: 'string', description: 'The service that set the message aside.' },
  },
  additionalProperties: { type: 'string' },
};

function messageOf(topic: TopicDefinition, catalog: SchemaCatalog): JsonSchema {
  const keyBinding = { kafka: { key: { type: 'string', description: topic.keyDescription }, bindingVersion: KAFKA_BINDING_VERSION } };
  if (topic.valueFormat === 'original-bytes') {
    return {
      name: topic.schema.name,
      title: `${topic.schema.name} (original bytes)`,
      summary: `The failed message unchanged; the record as a whole is a ${topic.schema.typeName}.`,
      contentType: 'application/octet-stream',
      headers: { $ref: '#/components/schemas/DeadLetterHeaders' },
      payload: { type: 'string', format: 'binary', description: 'The original record value, byte for byte.' },
      bindings: keyBinding,
      'x-record-schema': messageSchema(topic.schema, catalog),
    };
  }
  return {
    name: topic.schema.name,
    title: topic.schema.name,
    summary: `${topic.schema.typeName}, protobuf binary; its proto3 JSON mapping is described by the payload schema.`,
    contentType: PROTOBUF_CONTENT_TYPE,
    headers: { $ref: '#/components/schemas/EnvelopeHeaders' },
    payload: messageSchema(topic.schema, catalog),
    bindings: keyBinding,
  };
}

function channelOf(topic: TopicDefinition, catalog: SchemaCatalog): JsonSchema {
  const topicConfiguration: JsonSchema = { 'cleanup.policy': [topic.cleanupPolicy] };
  if (topic.retentionMs !== undefined) topicConfiguration['retention.ms'] = topic.retentionMs;
  return {
    address: topic.name,
    description: topic.description,
    messages: { [topic.schema.name]: messageOf(topic, catalog) },
    bindings: {
      kafka: { topic: topic.name, partitions: topic.partitions, topicConfiguration, bindingVersion: KAFKA_BINDING_VERSION },
    },
  };
}

function operationsOf(id: TopicKey, topic: TopicDefinition): Record<string, JsonSchema> {
  const channel = { $ref: `#/channels/${id}` };
  const messages = [{ $ref: `#/channels/${id}/messages/${topic.schema.name}` }];
  const operations: Record<string, JsonSchema> = {};
  for (const party of topic.producers) {
    operations[`${party}.send.${id}`] = {
      action: 'send',
      channel,
      messages,
      summary: `${party} publishes on ${topic.name}.`,
      tags: [{ name: party }],
    };
  }
  for (const party of topic.consumers) {
    const isService = (serviceNames as readonly string[]).includes(party);
    operations[`${party}.receive.${id}`] = {
      action: 'receive',
      channel,
      messages,
      summary: isService ? `${party} consumes ${topic.name} in consumer group "${party}".` : `${party} (outside the platform) reads ${topic.name}.`,
      tags: [{ name: party }],
      ...(isService ? { bindings: { kafka: { groupId: { type: 'string', const: party }, bindingVersion: KAFKA_BINDING_VERSION } } } : {}),
    };
  }
  return operations;
}

/** The AsyncAPI 3.0 document as plain data. */
export function buildAsyncApi(): JsonSchema {
  const catalog: SchemaCatalog = new Map();
  const channels: Record<string, JsonSchema> = {};
  let operations: Record<string, JsonSchema> = {};
  for (const [id, topic] of Object.entries(topics) as [TopicKey, TopicDefinition][]) {
    channels[id] = channelOf(topic, catalog);
    operations = { ...operations, ...operationsOf(id, topic) };
  }
  messageSchema(DeadLetterSchema, catalog);
  const schemas: Record<string, JsonSchema> = {
    EnvelopeHeaders: envelopeHeadersSchema,
    DeadLetterHeaders: deadLetterHeadersSchema,
  };
  for (const name of [...catalog.keys()].sort()) schemas[name] = catalog.get(name) as JsonSchema;
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Trottoir events',
      version: '1.0.0',
      description:
        'Every Kafka topic of the Trottoir platform, generated from the typed topic registry (libs/contracts) and the ' +
        'protobuf contracts (proto/). Topic names are <domain>.<event>.v<N>; a breaking change is a new version. ' +
        'Kafka delivers at least once: consumers are idempotent on the event id or a natural key.',
    },
    defaultContentType: PROTOBUF_CONTENT_TYPE,
    servers: {
      kafka: {
        host: 'localhost:9092',
        protocol: 'kafka',
        description: 'Any Kafka cluster (KAFKA_BROKERS). `npm start` uses an in-process bus with the same topics and semantics.',
      },
    },
    channels,
    operations,
    components: { schemas },
  };
}

/** The document as committed in docs/asyncapi.yaml. */
export function renderAsyncApiYaml(): string {
  return `# Generated from libs/contracts/src/asyncapi.ts; do not edit. Regenerate: node tools/scripts/run-ts.mjs libs/contracts/src/asyncapi.write.ts\n${toYaml(buildAsyncApi())}`;
}
