/**
 * The HTTP edge of ingestion: validates each reading of a batch synchronously so the caller learns at
 * once what was refused and why, dead-letters the refused ones, and publishes the accepted ones to
 * telemetry.raw.v1 (protobuf, header `trottoir-ingest-source: http`). Storage then happens in the one
 * Kafka pipeline, like every other input — so a 202 means "durably queued", not "stored", and a
 * reading accepted here is validated again there (only a reading at the very edge of a time window
 * could be refused then, and it would be dead-lettered with its reason).
 */
import type { SegmentTelemetry } from '@trottoir/contracts';
import { fromJsonValue, JSON_CONTENT_TYPE, SegmentTelemetrySchema, topics } from '@trottoir/contracts';
import type { RejectCode, ValidationLimits } from '@trottoir/telemetry';
import { DEFAULT_VALIDATION_LIMITS, validateReading } from '@trottoir/telemetry';
import type { Clock } from '@trottoir/kernel';
import { systemClock } from '@trottoir/kernel';
import type { DeadLetterPublisher, MessageBus, RejectedMessage } from '@trottoir/messaging';

import type { SegmentLookup } from '../registry/segment-lookup.port';
import { INGEST_SOURCE_HEADER } from './ingest-source';
import type { BodyItem } from './telemetry-http.parser';
import type { TelemetryMetrics } from './telemetry.metrics';

export interface IntakeReport {
  accepted: number;
  rejected: number;
  reasons: { index: number; code: RejectCode; detail: string }[];
}

/** A batch that names segments its sender may not report for: refused whole, before anything is published. */
export class ForeignSegmentsError extends Error {
  override readonly name = 'ForeignSegmentsError';

  constructor(readonly segmentIds: readonly string[]) {
    super(`readings for segments this token may not report for: ${segmentIds.slice(0, 5).map((id) => `"${id}"`).join(', ')}${segmentIds.length > 5 ? ` and ${segmentIds.length - 5} more` : ''}`);
  }
}

export class TelemetryIntake {
  constructor(
    private readonly bus: MessageBus,
    /** telemetry.dlq.v1 */
    private readonly deadLetters: DeadLetterPublisher,
    private readonly segments: SegmentLookup,
    private readonly metrics: TelemetryMetrics,
    private readonly clock: Clock = systemClock,
    private readonly limits: ValidationLimits = DEFAULT_VALIDATION_LIMITS,
  ) {}

  /**
   * `mayReport` says which segments the sender may report for (a device: its own); a batch with any
   * reading of another segment is refused whole with ForeignSegmentsError, and nothing is published.
   */
  async accept(items: readonly BodyItem[], mayReport: (segmentId: string) => boolean = () => true): Promise<IntakeReport> {
    const nowTs = this.clock.now();
    const accepted: SegmentTelemetry[] = [];
    const rejected: RejectedMessage[] = [];
    const reasons: IntakeReport['reasons'] = [];
    const outcomes = items.map((item) => this.check(item, nowTs));
    const foreign = [...new Set(outcomes.map((outcome) => ('reading' in outcome ? outcome.reading.segmentId : outcome.key)).filter((id) => id !== '' && !mayReport(id)))];
    if (foreign.length > 0) throw new ForeignSegmentsError(foreign);
    items.forEach((item, index) => {
      const outcome = outcomes[index];
      if ('reading' in outcome) {
        accepted.push(outcome.reading);
        return;
      }
      reasons.push({ index, code: outcome.code, detail: outcome.detail });
      rejected.push({
        // Dead letters name telemetry.raw.v1 as their origin, so `trottoir dlq replay` sends them through the pipeline.
        message: { topic: topics.telemetryRaw.name, partition: -1, offset: -1n, key: outcome.key, value: item.bytes, headers: { 'content-type': JSON_CONTENT_TYPE, [INGEST_SOURCE_HEADER]: 'http' }, timestampMs: nowTs },
        reason: { code: outcome.code, detail: outcome.detail },
      });
    });
    if (accepted.length > 0) {
      await this.bus.publish(topics.telemetryRaw, accepted, { source: 'trottoir/ingestion', time: nowTs, headers: { [INGEST_SOURCE_HEADER]: 'http' } });
    }
    await this.deadLetters.publish(rejected);
    for (const { reason } of rejected) this.metrics.deadLettered.inc({ reason: reason.code });
    if (accepted.length > 0) this.metrics.readings.inc({ source: 'http', outcome: 'queued' }, accepted.length);
    if (rejected.length > 0) this.metrics.readings.inc({ source: 'http', outcome: 'rejected' }, rejected.length);
    return { accepted: accepted.length, rejected: rejected.length, reasons };
  }

  private check(item: BodyItem, nowTs: number): { reading: SegmentTelemetry } | { key: string; code: RejectCode; detail: string } {
    if (item.parseError !== undefined) return { key: '', code: 'DECODE_FAILED', detail: item.parseError };
    let reading: SegmentTelemetry;
    try {
      reading = fromJsonValue(SegmentTelemetrySchema, item.json);
    } catch (error) {
      return { key: '', code: 'DECODE_FAILED', detail: (error as Error).message };
    }
    const result = validateReading(reading, this.segments.find(reading.segmentId), nowTs, this.limits);
    return result.ok ? { reading } : { key: reading.segmentId, code: result.code, detail: result.detail };
  }
}
