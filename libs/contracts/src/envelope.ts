/**
 * The event envelope on Kafka: CloudEvents 1.0 binary content mode. The envelope's attributes travel as
 * record headers (`ce_id`, `ce_type`, `ce_source`, `ce_time`, `ce_specversion`, `content-type`, and the
 * W3C `traceparent`/`tracestate`), the value is the payload's protobuf bytes only, and the record key is
 * the envelope key. See proto/trottoir/common/v1/envelope.proto and docs/adr/0002-code-generation.md.
 */
import type { EnvelopeMeta } from './gen/trottoir/common/v1/envelope_pb';

/** The envelope as plain data (the generated `EnvelopeMeta` without its protobuf bookkeeping). */
export type Envelope = Pick<EnvelopeMeta, 'id' | 'type' | 'source' | 'time' | 'key' | 'traceparent' | 'tracestate' | 'contentType'>;

export const PROTOBUF_CONTENT_TYPE = 'application/protobuf';
export const JSON_CONTENT_TYPE = 'application/json';

/** Header names as the CloudEvents Kafka protocol binding spells them (`ce_` prefix). */
export const ENVELOPE_HEADERS = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** A record whose headers do not carry a complete, valid envelope. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';

  constructor(
    /** The header at fault. */
    readonly header: string,
    readonly problem: 'missing' | 'invalid',
  ) {
    super(`envelope header ${header} is ${problem}`);
  }
}

/** The headers that carry `envelope` on a Kafka record (its key goes in the record key, not here). */
export function envelopeHeaders(envelope: Envelope): Record<string, string> {
  const headers: Record<string, string> = {
    [ENVELOPE_HEADERS.specVersion]: CLOUDEVENTS_SPEC_VERSION,
    [ENVELOPE_HEADERS.id]: envelope.id,
    [ENVELOPE_HEADERS.type]: envelope.type,
    [ENVELOPE_HEADERS.source]: envelope.source,
    [ENVELOPE_HEADERS.time]: new Date(envelope.time).toISOString(),
    [ENVELOPE_HEADERS.contentType]: envelope.contentType,
  };
  if (envelope.traceparent) headers[ENVELOPE_HEADERS.traceparent] = envelope.traceparent;
  if (envelope.tracestate) headers[ENVELOPE_HEADERS.tracestate] = envelope.tracestate;
  return headers;
}

type HeaderBag = Readonly<Record<string, string | undefined>>;

/** A CloudEvents attribute header: the Kafka binding's `ce_x`, or the HTTP binding's `ce-x` from a bridge. */
function attribute(headers: HeaderBag, kafkaName: string): string | undefined {
  return headers[kafkaName] ?? headers[kafkaName.replace(/^ce_/, 'ce-')];
}

function required(headers: HeaderBag, kafkaName: string): string {
  const value = attribute(headers, kafkaName);
  if (value === undefined || value === '') throw new EnvelopeError(kafkaName, 'missing');
  return value;
}

/**
 * Reads the envelope of a received record. `key` is the record key (the envelope key travels there).
 * Throws `EnvelopeError` when a required header is missing or malformed.
 */
export function readEnvelope(headers: HeaderBag, key = ''): Envelope {
  const specVersion = attribute(headers, ENVELOPE_HEADERS.specVersion);
  if (specVersion !== undefined && specVersion !== CLOUDEVENTS_SPEC_VERSION) {
    throw new EnvelopeError(ENVELOPE_HEADERS.specVersion, 'invalid');
  }
  const timeText = required(headers, ENVELOPE_HEADERS.time);
  const time = Date.parse(timeText);
  if (Number.isNaN(time)) throw new EnvelopeError(ENVELOPE_HEADERS.time, 'invalid');
  return {
    id: required(headers, ENVELOPE_HEADERS.id),
    type: required(headers, ENVELOPE_HEADERS.type),
    source: required(headers, ENVELOPE_HEADERS.source),
    time,
    key,
    contentType: required(headers, ENVELOPE_HEADERS.contentType),
    traceparent: headers[ENVELOPE_HEADERS.traceparent] ?? '',
    tracestate: headers[ENVELOPE_HEADERS.tracestate] ?? '',
  };
}
