/** Conversions between the port's messages and @platformatic/kafka records (keys, values, headers as bytes). */
import type { Message, MessageToProduce } from '@platformatic/kafka';

import type { MessageHeaders, OutgoingMessage, ReceivedMessage } from '../message-bus.port';

/**
 * Header values as bytes for the records of one publish call, reusing the previous record's bytes when
 * a header's value repeats: a batch mostly shares its envelope type, source, time and trace context, so
 * this saves most of the small allocations per record (the ingestion benchmark's hot path).
 */
export function headerBytes(): (name: string, value: string) => Buffer {
  const last = new Map<string, { value: string; bytes: Buffer }>();
  return (name, value) => {
    const previous = last.get(name);
    if (previous !== undefined && previous.value === value) return previous.bytes;
    const bytes = Buffer.from(value, 'utf8');
    last.set(name, { value, bytes });
    return bytes;
  };
}

// Records of one publish share their timestamp: one BigInt for them all (BigInts are immutable).
let lastTimestampMs = Number.NaN;
let lastTimestamp = 0n;

function timestampOf(ms: number): bigint {
  if (ms !== lastTimestampMs) {
    lastTimestamp = BigInt(ms);
    lastTimestampMs = ms;
  }
  return lastTimestamp;
}

/**
 * No partition: the producer's partitioner picks it from the key and the live partition count.
 * `extraHeaders` (the publish's trace context) are added to the message's own.
 */
export function toRecord(
  topic: string,
  message: OutgoingMessage,
  nowMs: number,
  toBytes: (name: string, value: string) => Buffer = (_name, value) => Buffer.from(value, 'utf8'),
  extraHeaders: MessageHeaders = {},
): MessageToProduce<Buffer, Buffer, string, Buffer> {
  // Header names are turned into bytes by the producer's `headerKey` serialiser.
  const headers: Record<string, Buffer> = {};
  for (const name in message.headers) headers[name] = toBytes(name, message.headers[name]);
  for (const name in extraHeaders) headers[name] = toBytes(name, extraHeaders[name]);
  return {
    topic,
    key: Buffer.from(message.key, 'utf8'),
    value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
    headers,
    timestamp: timestampOf(message.timestampMs ?? nowMs),
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
