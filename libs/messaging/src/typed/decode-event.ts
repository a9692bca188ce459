/**
 * Reading a received message as its topic's event. `decodeEvent` is the lenient reader for edge input
 * (devices need not send an envelope): protobuf binary, or the proto3 JSON mapping when
 * `content-type: application/json`, decoded strictly (unknown fields are an error). The topic
 * definition types the result: `decodeEvent(batch.topic, message)` in a handler is that topic's message.
 */
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { TopicDefinition } from '@trottoir/contracts';
import { decodeBinary, decodeJson, ENVELOPE_HEADERS, JSON_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from '@trottoir/contracts';

import type { MessageHeaders, ReceivedMessage } from '../message-bus.port';
import { MessageDecodeError } from './message-decode.error';

function mediaType(headers: MessageHeaders): string | undefined {
  return headers[ENVELOPE_HEADERS.contentType]?.split(';')[0].trim().toLowerCase();
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
      return decodeJson(topic.schema, new TextDecoder('utf-8', { fatal: true }).decode(received.value));
    } catch (error) {
      throw fail('INVALID_JSON', `not a JSON ${topic.schema.typeName}: ${(error as Error).message}`, error);
    }
  }
  if (type !== undefined && type !== PROTOBUF_CONTENT_TYPE && type !== 'application/x-protobuf') {
    throw fail('UNSUPPORTED_CONTENT_TYPE', `content-type "${type}" is neither protobuf nor JSON`);
  }
  try {
    return decodeBinary(topic.schema, received.value);
  } catch (error) {
    throw fail('INVALID_PROTOBUF', `not a binary ${topic.schema.typeName}: ${(error as Error).message}`, error);
  }
}
