/** Conversions between the port's messages and @platformatic/kafka records (keys, values, headers as bytes). */
import type { Message, MessageToProduce } from '@platformatic/kafka';

import type { MessageHeaders, OutgoingMessage, ReceivedMessage } from '../message-bus.port';

/** No partition: the producer's partitioner picks it from the key and the live partition count. */
export function toRecord(topic: string, message: OutgoingMessage, nowMs: number): MessageToProduce<Buffer, Buffer, string, Buffer> {
  // Header names are turned into bytes by the producer's `headerKey` serialiser.
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = Buffer.from(value, 'utf8');
  return {
    topic,
    key: Buffer.from(message.key, 'utf8'),
    value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
    headers,
    timestamp: BigInt(message.timestampMs ?? nowMs),
  };
}

export function fromRecord(record: Message): ReceivedMessage {
  const headers: MessageHeaders = {};
  for (const [name, value] of record.headers) headers[name.toString('utf8')] = value ? value.toString('utf8') : '';
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key ? record.key.toString('utf8') : '',
    value: record.value ?? Buffer.alloc(0),
    headers,
    timestampMs: Number(record.timestamp),
  };
}
