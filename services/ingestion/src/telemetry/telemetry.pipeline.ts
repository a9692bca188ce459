/**
 * The one path every reading takes, whatever its edge: decode (protobuf, or JSON by content-type),
 * validate against the registry's segment, store the valid ones in one COPY batch (idempotent on
 * (segment_id, ts)), mark late readings' intervals dirty, dead-letter the rejected ones, then
 * publish the valid ones to telemetry.validated.v2, a few batch records per batch (`validatedRecords`).
 *
 * The write comes first and is awaited: if PostgreSQL is down the handler throws before anything is
 * published, the bus redelivers the same batch with backoff and fetches nothing new meanwhile
 * (bounded memory, no dead-letter duplicates from the retries). Bad input never throws.
 */
import type { SegmentTelemetry } from '@trottoir/contracts';
import { ENVELOPE_HEADERS, JSON_CONTENT_TYPE, topics } from '@trottoir/contracts';
import type { Rejection, ValidationLimits } from '@trottoir/telemetry';
import { DEFAULT_VALIDATION_LIMITS, validateReading } from '@trottoir/telemetry';
import type { Clock } from '@trottoir/kernel';
import { systemClock } from '@trottoir/kernel';
import type { DeadLetterPublisher, MessageBatch, MessageBus, ReceivedMessage, RejectedMessage } from '@trottoir/messaging';
import { decodeEvent } from '@trottoir/messaging';
import type { TelemetryRow, WriteResult } from '@trottoir/persistence';

import type { SegmentLookup } from '../registry/segment-lookup.port';
import { ingestSourceOf } from './ingest-source';
import { toTelemetryRow } from './reading-row';
import type { ReadingSource, TelemetryMetrics } from './telemetry.metrics';
import type { ValidReading } from './validated-records';
import { validatedRecords } from './validated-records';

export interface TelemetryPipelineDeps {
  readonly bus: MessageBus;
  /** telemetry.dlq.v1 */
  readonly deadLetters: DeadLetterPublisher;
  readonly writer: { write(rows: readonly TelemetryRow[]): Promise<WriteResult> };
  readonly dirtyIntervals: { mark(tsList: Iterable<number>): Promise<void> };
  readonly segments: SegmentLookup;
  readonly metrics: TelemetryMetrics;
  readonly clock?: Clock;
  readonly limits?: ValidationLimits;
}

type Verdict = { ok: true; reading: SegmentTelemetry; protobuf: Uint8Array | undefined; late: boolean } | { ok: false; rejection: Rejection };

function isJson(message: ReceivedMessage): boolean {
  return message.headers[ENVELOPE_HEADERS.contentType]?.split(';')[0].trim().toLowerCase() === JSON_CONTENT_TYPE;
}

export class TelemetryPipeline {
  private readonly clock: Clock;
  private readonly limits: ValidationLimits;

  constructor(private readonly deps: TelemetryPipelineDeps) {
    this.clock = deps.clock ?? systemClock;
    this.limits = deps.limits ?? DEFAULT_VALIDATION_LIMITS;
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

  async handle(batch: MessageBatch<typeof topics.telemetryRaw.schema>): Promise<void> {
    const stopTimer = this.deps.metrics.batchSeconds.startTimer();
    const nowTs = this.clock.now();
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
        rejected.push({ message, reason: verdict.rejection });
      }
    }
    const written = await this.deps.writer.write(valid.map((v) => toTelemetryRow(v.reading)));
    if (lateTs.length > 0) await this.deps.dirtyIntervals.mark(lateTs);
    await this.deps.deadLetters.publish(rejected);
    for (const { reason } of rejected) this.deps.metrics.deadLettered.inc({ reason: reason.code });
    if (valid.length > 0) await this.deps.bus.publishRecords(topics.telemetryValidated, validatedRecords(valid, 'trottoir/ingestion', this.clock.now()));
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
