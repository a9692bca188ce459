/**
 * The telemetry.validated.v2 records of one batch: its valid readings as `TelemetryBatch` messages, a
 * few records per batch instead of one per reading. The ingestion benchmark found building one Kafka
 * record per reading (a Map of headers, eight header buffers, the record's bytes) a fifth of the
 * service's CPU, and the GC after it; a batch's readings now share one record and one envelope.
 *
 * The value is written directly: a `TelemetryBatch` is field 1 repeated, each a length-delimited
 * `SegmentTelemetry`, so a reading that arrived as protobuf goes in with its original bytes (decoding
 * them and encoding the result gives the same message, unknown fields included) and only JSON arrivals
 * are encoded. A record holds at most `maxRecordBytes` of readings, so that a large `INGEST_BATCH_SIZE`
 * stays far below Kafka's 1 MiB `message.max.bytes`.
 */
import { randomUUID } from 'node:crypto';

import type { SegmentTelemetry } from '@trottoir/contracts';
import { encodeBinary, ENVELOPE_HEADERS, envelopeHeaders, PROTOBUF_CONTENT_TYPE, SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import type { OutgoingMessage } from '@trottoir/messaging';

export interface ValidReading {
  readonly reading: SegmentTelemetry;
  /** The received bytes when they are protobuf; undefined when the reading came as JSON. */
  readonly protobuf: Uint8Array | undefined;
}

/** Bytes of readings per record (a 2,000-reading batch of the benchmark's fleet is ≈ 230 KiB: one record). */
export const MAX_VALIDATED_RECORD_BYTES = 256 * 1024;

/** Tag of `TelemetryBatch.readings` (field 1, wire type 2). */
const READINGS_TAG = 0x0a;

function varintLength(n: number): number {
  let length = 1;
  for (let rest = n >>> 7; rest > 0; rest >>>= 7) length += 1;
  return length;
}

function writeVarint(target: Uint8Array, at: number, n: number): number {
  let pos = at;
  let rest = n;
  while (rest > 0x7f) {
    target[pos++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  target[pos++] = rest;
  return pos;
}

/** One `TelemetryBatch` of already-encoded readings, byte for byte what protobuf-es writes for them. */
export function encodeTelemetryBatch(readings: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const bytes of readings) size += 1 + varintLength(bytes.length) + bytes.length;
  // Not zero-filled (every byte is written below); a plain Uint8Array view of it, as protobuf-es returns.
  // Small ones are slices of Node's shared pool: the view keeps their offset.
  const pooled = Buffer.allocUnsafe(size);
  const out = new Uint8Array(pooled.buffer, pooled.byteOffset, size);
  let pos = 0;
  for (const bytes of readings) {
    out[pos++] = READINGS_TAG;
    pos = writeVarint(out, pos, bytes.length);
    out.set(bytes, pos);
    pos += bytes.length;
  }
  return out;
}

export function validatedRecords(valid: readonly ValidReading[], source: string, time: number, maxRecordBytes = MAX_VALIDATED_RECORD_BYTES): OutgoingMessage[] {
  const shared = envelopeHeaders({ id: '', type: topics.telemetryValidated.schema.typeName, source, time, key: '', traceparent: '', tracestate: '', contentType: PROTOBUF_CONTENT_TYPE });
  const records: OutgoingMessage[] = [];
  let chunk: Uint8Array[] = [];
  let chunkKey = '';
  let chunkBytes = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    records.push({ key: chunkKey, value: encodeTelemetryBatch(chunk), headers: { ...shared, [ENVELOPE_HEADERS.id]: randomUUID() }, timestampMs: time });
    chunk = [];
    chunkBytes = 0;
  };
  for (const { reading, protobuf } of valid) {
    const bytes = protobuf ?? encodeBinary(SegmentTelemetrySchema, reading);
    if (chunk.length > 0 && chunkBytes + bytes.length > maxRecordBytes) flush();
    // The registry's key of the batch (its first reading's segment): see topics.telemetryValidated.
    if (chunk.length === 0) chunkKey = reading.segmentId;
    chunk.push(bytes);
    chunkBytes += 1 + varintLength(bytes.length) + bytes.length;
  }
  flush();
  return records;
}
