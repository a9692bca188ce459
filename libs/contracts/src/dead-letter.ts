/**
 * Dead letters on telemetry.dlq.v1: the failed message's key and bytes unchanged, its original headers
 * kept, and `dlq-*` headers saying why (the header names @trottoir/messaging's dead-letter helper writes).
 * `DeadLetter` (dead_letter.proto) is the same record as one object, for an inspection API; these
 * functions convert between the two forms.
 */
import { create } from '@bufbuild/protobuf';

import { DeadLetterReason, DeadLetterSchema } from './gen/trottoir/telemetry/v1/dead_letter_pb';
import type { DeadLetter } from './gen/trottoir/telemetry/v1/dead_letter_pb';
import type { ContractRecord } from './record';

export const DEAD_LETTER_HEADERS = {
  /** Reason code: a `DeadLetterReason` name without its prefix, e.g. `OUT_OF_RANGE`. */
  reason: 'dlq-reason-code',
  detail: 'dlq-reason-detail',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  /** RFC 3339 UTC (epoch ms in decimal is read too). */
  failedAt: 'dlq-failed-at',
  /** The service that set the message aside. */
  source: 'dlq-source',
} as const;

const dlqHeaderNames: ReadonlySet<string> = new Set(Object.values(DEAD_LETTER_HEADERS));

/** `DeadLetterReason.OUT_OF_RANGE` → `'OUT_OF_RANGE'`. */
export function deadLetterReasonName(reason: DeadLetterReason): string {
  return DeadLetterReason[reason] ?? DeadLetterReason[DeadLetterReason.UNSPECIFIED];
}

/** `'OUT_OF_RANGE'` → `DeadLetterReason.OUT_OF_RANGE`; anything unknown → UNSPECIFIED. */
export function parseDeadLetterReason(name: string | undefined): DeadLetterReason {
  const value = name === undefined ? undefined : (DeadLetterReason as unknown as Record<string, unknown>)[name];
  return typeof value === 'number' ? (value as DeadLetterReason) : DeadLetterReason.UNSPECIFIED;
}

/** The telemetry.dlq.v1 record of a dead letter. */
export function deadLetterRecord(deadLetter: DeadLetter): ContractRecord {
  return {
    key: deadLetter.originalKey,
    value: deadLetter.originalValue,
    headers: {
      ...deadLetter.originalHeaders,
      [DEAD_LETTER_HEADERS.reason]: deadLetterReasonName(deadLetter.reasonCode),
      [DEAD_LETTER_HEADERS.detail]: deadLetter.reasonDetail,
      [DEAD_LETTER_HEADERS.originalTopic]: deadLetter.originalTopic,
      [DEAD_LETTER_HEADERS.failedAt]: new Date(deadLetter.failedAt).toISOString(),
      [DEAD_LETTER_HEADERS.source]: deadLetter.source,
    },
    timestampMs: deadLetter.failedAt,
  };
}

function parseFailedAt(text: string | undefined): number {
  if (text === undefined) return 0;
  const time = /^[0-9]+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(time) ? time : 0;
}

/**
 * A record read from telemetry.dlq.v1 as a `DeadLetter`. Tolerant: missing dlq-* headers give empty
 * values, and a reason code outside `DeadLetterReason` is kept at the head of the detail.
 */
export function readDeadLetter(record: { key: string; value: Uint8Array; headers: Readonly<Record<string, string | undefined>> }): DeadLetter {
  const originalHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (value !== undefined && !dlqHeaderNames.has(name)) originalHeaders[name] = value;
  }
  const code = record.headers[DEAD_LETTER_HEADERS.reason];
  const reasonCode = parseDeadLetterReason(code);
  const detail = record.headers[DEAD_LETTER_HEADERS.detail] ?? '';
  return create(DeadLetterSchema, {
    originalTopic: record.headers[DEAD_LETTER_HEADERS.originalTopic] ?? '',
    originalKey: record.key,
    originalValue: record.value,
    originalHeaders,
    reasonCode,
    reasonDetail: reasonCode === DeadLetterReason.UNSPECIFIED && code ? `${code}: ${detail}` : detail,
    failedAt: parseFailedAt(record.headers[DEAD_LETTER_HEADERS.failedAt]),
    source: record.headers[DEAD_LETTER_HEADERS.source] ?? '',
  });
}
