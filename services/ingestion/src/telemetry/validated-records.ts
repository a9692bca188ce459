/**
 * The telemetry.validated.v1 records of one batch, as `publishEvents` would build them (key = segment
 * id, protobuf value, the contract's envelope headers) but cheaper, because this is the hot path
 * (the ingestion benchmark found the re-publish to be half of the service's CPU at 100,000 segments):
 * a reading that arrived as protobuf is republished with its original bytes (decoding them and
 * encoding the result gives the same message, unknown fields included), only JSON arrivals are
 * encoded; the envelope headers are computed once per batch, only the event id is per record.
 */
import { randomUUID } from 'node:crypto';

import type { SegmentTelemetry } from '@trottoir/contracts';
import { encodeBinary, ENVELOPE_HEADERS, envelopeHeaders, PROTOBUF_CONTENT_TYPE, topics } from '@trottoir/contracts';
import type { OutgoingMessage } from '@trottoir/messaging';

export interface ValidReading {
  readonly reading: SegmentTelemetry;
  /** The received bytes when they are protobuf; undefined when the reading came as JSON. */
  readonly protobuf: Uint8Array | undefined;
}

export function validatedRecords(valid: readonly ValidReading[], source: string, time: number): OutgoingMessage[] {
  const shared = envelopeHeaders({ id: '', type: topics.telemetryValidated.schema.typeName, source, time, key: '', traceparent: '', tracestate: '', contentType: PROTOBUF_CONTENT_TYPE });
  return valid.map(({ reading, protobuf }) => ({
    key: topics.telemetryValidated.keyOf(reading),
    value: protobuf ?? encodeBinary(topics.telemetryValidated.schema, reading),
    headers: { ...shared, [ENVELOPE_HEADERS.id]: randomUUID() },
    timestampMs: time,
  }));
}
