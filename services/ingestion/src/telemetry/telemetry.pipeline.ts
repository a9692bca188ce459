/**
 * The one path every reading takes, whatever its edge: decode (protobuf, or JSON by content-type),
 * validate against the registry's segment, store the valid ones in one COPY batch (idempotent on
 * (segment_id, ts)), mark late readings' intervals dirty, dead-letter the rejected ones, then
 * publish the valid ones to telemetry.validated.v1.
 *
 * The write comes first and is awaited: if PostgreSQL is down the handler throws before anything is
 * published, the bus redelivers the same batch with backoff and fetches nothing new meanwhile
 * (bounded memory, no dead-letter duplicates from the retries). Bad input never throws.
 */
import type { SegmentTelemetry } from '@trottoir/contracts';
import { ENVELOPE_HEADERS, JSON_CONTENT_TYPE, topics } from '@trottoir/contracts';
import type { Rejection, ValidationLimits } from '@trottoir/telemetry';
import { DEFAULT_VALIDATION_LIMITS, validateReading } from '@trottoir/telemetry';
import type { MessageBatch, MessageBus, ReceivedMessage } from '@trottoir/messaging';
import { decodeEvent } from '@trottoir/messaging';
import type { TelemetryRow, WriteResult } from '@trottoir/persistence';

import type { SegmentLookup } from '../registry/segment-lookup.port';
import type { RejectedMessage } from './dead-letters';
import { publishDeadLetters } from './dead-letters';
import { ingestSourceOf } from './ingest-source';
import { toTelemetryRow } from './reading-row';
import type { ReadingSource, TelemetryMetrics } from './telemetry.metrics';
import type { ValidReading } from './validated-records';
import { validatedRecords } from './validated-records';

export interface TelemetryPipelineDeps {
  readonly bus: MessageBus;
  readonly writer: { write(rows: readonly TelemetryRow[]): Promise<WriteResult> };
  readonly dirtyIntervals: { mark(tsList: Iterable<number>): Promise<void> };
  readonly segments: SegmentLookup;
  readonly metrics: TelemetryMetrics;
  readonly now?: () => number;
  readonly limits?: ValidationLimits;
  /** Output topics; the registry's by default (tests give their own, to run side by side on one broker). */
  readonly topicNames?: { readonly dlq: string; readonly validated: string };
}

type Verdict = { ok: true; reading: SegmentTelemetry; protobuf: Uint8Array | undefined; late: boolean } | { ok: false; rejection: Rejection };

function isJson(message: ReceivedMessage): boolean {
  return message.headers[ENVELOPE_HEADERS.contentType]?.split(';')[0].trim().toLowerCase() === JSON_CONTENT_TYPE;
}

export class TelemetryPipeline {
  private readonly now: () => number;
  private readonly limits: ValidationLimits;
  private readonly validatedTopic: string;
  private readonly dlqTopic: string;

  constructor(private readonly deps: TelemetryPipelineDeps) {
    this.now = deps.now ?? Date.now;
    this.limits = deps.limits ?? DEFAULT_VALIDATION_LIMITS;
    this.validatedTopic = deps.topicNames?.validated ?? topics.telemetryValidated.name;
    this.dlqTopic = deps.topicNames?.dlq ?? topics.telemetryDlq.name;
  }

  /** Decodes and validates one raw message; never throws. */
  check(message: ReceivedMessage, nowTs: number): Verdict {
    let reading: SegmentTelemetry;
    try {
      reading = decodeEvent(topics.telemetryRaw, message);
    } catch (error) {
      return { ok: false, rejection: { code: 'DECODE_FAILED', detail: (error as Error).message } };
    }
    if (message.key !== '' && message.key !== reading.segmentId) {
      return { ok: false, rejection: { code: 'SCHEMA_INVALID', detail: `key ${JSON.stringify(message.key)} is not segmentId ${JSON.stringify(reading.segmentId)}` } };
    }
    const result = validateReading(reading, this.deps.segments.find(reading.segmentId), nowTs, this.limits);
    // decodeEvent read anything but JSON as protobuf: those bytes are republished as they came.
    return result.ok ? { ok: true, reading, protobuf: isJson(message) ? undefined : message.value, late: result.late } : { ok: false, rejection: result };
  }

  async handle(batch: MessageBatch): Promise<void> {
    const stopTimer = this.deps.metrics.batchSeconds.startTimer();
    const nowTs = this.now();
    const valid: ValidReading[] = [];
    const lateTs: number[] = [];
    const rejected: RejectedMessage[] = [];
    const sources = new Map<ReadingSource, { accepted: number; rejected: number }>();
    for (const message of batch.messages) {
      const verdict = this.check(message, nowTs);
      const source = ingestSourceOf(message.headers);
      const counts = sources.get(source) ?? { accepted: 0, rejected: 0 };
      sources.set(source, counts);
      if (verdict.ok) {
        counts.accepted += 1;
        valid.push(verdict);
        if (verdict.late) lateTs.push(verdict.reading.ts);
      } else {
        counts.rejected += 1;
        rejected.push({ message, rejection: verdict.rejection });
      }
    }
    const written = await this.deps.writer.write(valid.map((v) => toTelemetryRow(v.reading)));
    if (lateTs.length > 0) await this.deps.dirtyIntervals.mark(lateTs);
    await publishDeadLetters(this.deps.bus, rejected, this.deps.metrics, nowTs, this.dlqTopic);
    if (valid.length > 0) await this.deps.bus.publish(this.validatedTopic, validatedRecords(valid, 'trottoir/ingestion', this.now()));
    this.count(sources, written);
    stopTimer();
  }

  private count(sources: Map<ReadingSource, { accepted: number; rejected: number }>, written: WriteResult): void {
    const readings = this.deps.metrics.readings;
    for (const [source, counts] of sources) {
      if (counts.accepted > 0) readings.inc({ source, outcome: 'accepted' }, counts.accepted);
      if (counts.rejected > 0) readings.inc({ source, outcome: 'rejected' }, counts.rejected);
    }
    // Duplicates are known per batch only: they are put on the batch's input when it has just one.
    const duplicateSource = sources.size === 1 ? [...sources.keys()][0] : 'mixed';
    if (written.duplicates > 0) readings.inc({ source: duplicateSource, outcome: 'duplicate' }, written.duplicates);
  }
}
