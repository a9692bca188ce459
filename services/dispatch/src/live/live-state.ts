/**
 * Each segment's latest reading (from telemetry.validated.v2), and who listens to readings as they
 * come (the delivery tracker measures running ISPs with them). A reading older than the one kept is
 * ignored: Kafka keeps one segment's readings in order, but a late one can still arrive.
 */
import type { LiveReading } from '@trottoir/flexibility';

export type ReadingListener = (segmentId: string, reading: LiveReading) => void;

export class LiveState {
  private readonly latest = new Map<string, LiveReading>();
  private readonly listeners: ReadingListener[] = [];

  put(segmentId: string, reading: LiveReading): void {
    const kept = this.latest.get(segmentId);
    if (!kept || kept.ts < reading.ts) this.latest.set(segmentId, reading);
    for (const listener of this.listeners) listener(segmentId, reading);
  }

  reading(segmentId: string): LiveReading | undefined {
    return this.latest.get(segmentId);
  }

  /** The latest reading when it is recent enough to dispatch on, else undefined: never dispatch on a guess. */
  fresh(segmentId: string, nowTs: number, staleAfterMs: number): LiveReading | undefined {
    const reading = this.latest.get(segmentId);
    return reading && nowTs - reading.ts <= staleAfterMs ? reading : undefined;
  }

  onReading(listener: ReadingListener): void {
    this.listeners.push(listener);
  }

  get size(): number {
    return this.latest.size;
  }
}
