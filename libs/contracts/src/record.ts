/**
 * Typed records: a topic's message turned into what a bus publishes (key, protobuf value, envelope
 * headers) and back. Going through a `TopicDefinition<typeof XSchema>` makes a wrong payload a compile
 * error. The returned shapes match @trottoir/messaging's OutgoingMessage / ReceivedMessage structurally.
 */
import { randomUUID } from 'node:crypto';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';

import { decodeBinary, decodeJson, encodeBinary } from './codec';
import { EnvelopeError, ENVELOPE_HEADERS, envelopeHeaders, JSON_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE, readEnvelope } from './envelope';
import type { Envelope } from './envelope';
import type { TopicDefinition } from './topic-definition';

export interface ContractRecord {
  key: string;
  value: Uint8Array;
  headers: Record<string, string>;
  /** Event time, epoch ms UTC. */
  timestampMs: number;
}

export interface RecordOptions {
  /** Who emits the event: `trottoir/<service>` or `segment/<id>`. */
  source: string;
  /** Event time, epoch ms UTC (the clock is a parameter). */
  time: number;
  /** Event id; a random UUID when not given (give one to make a retry idempotent). */
  id?: string;
  traceparent?: string;
  tracestate?: string;
}

export interface DecodedRecord<Schema extends DescMessage> {
  envelope: Envelope;
  message: MessageShape<Schema>;
}

function assertProtobufTopic(topic: TopicDefinition): void {
  if (topic.valueFormat !== 'protobuf') {
    throw new TypeError(`topic ${topic.name} carries ${topic.valueFormat}, not ${topic.schema.typeName} messages`);
  }
}

/** The record that publishes `message` on `topic`: key from the registry, protobuf value, envelope headers. */
export function toRecord<Schema extends DescMessage>(
  topic: TopicDefinition<Schema>,
  message: MessageShape<Schema>,
  options: RecordOptions,
): ContractRecord {
  assertProtobufTopic(topic);
  const key = topic.keyOf(message);
  const envelope: Envelope = {
    id: options.id ?? randomUUID(),
    type: topic.schema.typeName,
    source: options.source,
    time: options.time,
    key,
    traceparent: options.traceparent ?? '',
    tracestate: options.tracestate ?? '',
    contentType: PROTOBUF_CONTENT_TYPE,
  };
  const value = topic.encode ? topic.encode(message) : encodeBinary(topic.schema, message);
  return { key, value, headers: envelopeHeaders(envelope), timestampMs: options.time };
}

/**
 * Reads a record received from `topic`: its envelope, checked against the topic's message type, and its
 * message. Throws `EnvelopeError` for bad headers and `ContractDecodeError` for a bad value.
 */
export function fromRecord<Schema extends DescMessage>(
  topic: TopicDefinition<Schema>,
  record: { key: string; value: Uint8Array; headers: Readonly<Record<string, string | undefined>> },
): DecodedRecord<Schema> {
  assertProtobufTopic(topic);
  const envelope = readEnvelope(record.headers, record.key);
  if (envelope.type !== topic.schema.typeName) throw new EnvelopeError(ENVELOPE_HEADERS.type, 'invalid');
  switch (envelope.contentType.split(';')[0].trim().toLowerCase()) {
    case PROTOBUF_CONTENT_TYPE:
    case 'application/x-protobuf':
      return { envelope, message: decodeBinary(topic.schema, record.value) };
    case JSON_CONTENT_TYPE:
      return { envelope, message: decodeJson(topic.schema, new TextDecoder().decode(record.value)) };
    default:
      throw new EnvelopeError(ENVELOPE_HEADERS.contentType, 'invalid');
  }
}
