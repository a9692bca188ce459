/**
 * One partition of an in-process topic: an append-only log with Kafka-style offsets. An optional
 * retention by count drops the oldest records (offsets keep counting), so a long-running embedded
 * process does not grow without bound.
 */
import type { ReceivedMessage } from '../message-bus.port';

export class PartitionLog {
  private records: ReceivedMessage[] = [];
  private firstOffset = 0n;

  constructor(private readonly maxRecords: number | undefined) {}

  /** Offset of the oldest record still held. */
  get startOffset(): bigint {
    return this.firstOffset;
  }

  /** Offset the next appended record will get. */
  get endOffset(): bigint {
    return this.firstOffset + BigInt(this.records.length);
  }

  append(record: Omit<ReceivedMessage, 'offset'>): bigint {
    const offset = this.endOffset;
    this.records.push({ ...record, offset });
    // Trim in chunks (not one shift per append) to keep appends O(1) amortised.
    if (this.maxRecords !== undefined && this.records.length > this.maxRecords * 1.25) {
      const drop = this.records.length - this.maxRecords;
      this.records.splice(0, drop);
      this.firstOffset += BigInt(drop);
    }
    return offset;
  }

  /** Up to `max` records from `offset` (clamped to the start of the log). */
  read(offset: bigint, max: number): ReceivedMessage[] {
    const from = offset < this.firstOffset ? 0 : Number(offset - this.firstOffset);
    return this.records.slice(from, from + max);
  }
}
