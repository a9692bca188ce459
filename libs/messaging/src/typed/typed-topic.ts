/**
 * The typed layer over the bus: publish and decode through a `TopicDefinition`, so the payload type
 * and the partitioning key come from the topic registry and a wrong message is a compile error.
 * Values are protobuf binary; a producer may send the proto3 JSON mapping instead
 * (`content-type: application/json`), decoded strictly (unknown fields are an error).
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { fromBinary, fromJsonString, toBinary } from '@bufbuild/protobuf';
import type { TopicDefinition } from '@trottoir/contracts';

import type { MessageBus, MessageHeaders, ReceivedMessage } from '../message-bus.port';
import { MessageDecodeError } from './message-decode.error';

export const CONTENT_TYPE_HEADER = 'content-type';
export const PROTOBUF_CONTENT_TYPE = 'application/protobuf';
export const JSON_CONTENT_TYPE = 'application/json';

export async function publishEvents<Schema extends DescMessage>(
  bus: MessageBus,
  topic: TopicDefinition<Schema>,
  messages: readonly MessageShape<Schema>[],
  headers?: MessageHeaders,
): Promise<void> {
  await bus.publish(
    topic.name,
    messages.map((message) => ({
      key: topic.keyOf(message),
      value: toBinary(topic.schema, message),
      headers: { [CONTENT_TYPE_HEADER]: PROTOBUF_CONTENT_TYPE, ...headers },
    })),
  );
}

function mediaType(headers: MessageHeaders): string | undefined {
  return headers[CONTENT_TYPE_HEADER]?.split(';')[0].trim().toLowerCase();
}

export function decodeEvent<Schema extends DescMessage>(
  topic: TopicDefinition<Schema>,
  received: ReceivedMessage,
): MessageShape<Schema> {
  const type = mediaType(received.headers);
  const fail = (code: MessageDecodeError['code'], detail: string, cause?: unknown) =>
    new MessageDecodeError(code, received.topic, received.partition, received.offset, detail, { cause });
  if (type === JSON_CONTENT_TYPE) {
    try {
      const json = new TextDecoder('utf-8', { fatal: true }).decode(received.value);
      return fromJsonString(topic.schema, json, { ignoreUnknownFields: false });
    } catch (error) {
      throw fail('INVALID_JSON', `not a JSON ${topic.schema.typeName}: ${(error as Error).message}`, error);
    }
  }
  if (type !== undefined && type !== PROTOBUF_CONTENT_TYPE && type !== 'application/x-protobuf') {
    throw fail('UNSUPPORTED_CONTENT_TYPE', `content-type "${type}" is neither protobuf nor JSON`);
  }
  try {
    return fromBinary(topic.schema, received.value);
  } catch (error) {
    throw fail('INVALID_PROTOBUF', `not a binary ${topic.schema.typeName}: ${(error as Error).message}`, error);
  }
}
