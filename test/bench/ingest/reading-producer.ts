/**
 * The benchmark's producer loop: walks the fleet round-robin, stamping each reading with the time it is
 * handed to the producer (so stored `received_at - ts` is the end-to-end latency), and produces as far
 * as its `allowance()` says — a fixed lead over what the service stored (saturated phase) or a fixed
 * rate (latency phase). A segment's readings are a fleet pass apart, so (segment_id, ts) never repeats.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { topics } from '@trottoir/contracts';
import type { KafkaMessageBus, OutgoingMessage } from '@trottoir/messaging';

import type { EncodedSegment } from './bench-fleet';
import { withTs } from './bench-fleet';

const CHUNK = 5_000;
/** Sends in flight at once: the adapter coalesces concurrent publishes into one produce request. */
const IN_FLIGHT = 4;

export class ReadingProducer {
  produced = 0;
  private cursor = 0;
  private lastTs = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;
  allowance: () => number = () => 0;

  constructor(
    private readonly bus: KafkaMessageBus,
    private readonly fleet: readonly EncodedSegment[],
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.stopped) {
      const wanted = Math.min(CHUNK, this.fleet.length, Math.floor(this.allowance() - this.produced));
      if (wanted <= 0 || inFlight.size >= IN_FLIGHT) {
        await (inFlight.size >= IN_FLIGHT ? Promise.race(inFlight) : sleep(10));
        continue;
      }
      // One distinct ts per chunk, and a chunk never holds a segment twice: no (segment_id, ts) repeats.
      const ts = Math.max(Date.now(), this.lastTs + 1);
      this.lastTs = ts;
      const messages: OutgoingMessage[] = new Array(wanted);
      for (let i = 0; i < wanted; i++) {
        const segment = this.fleet[this.cursor];
        this.cursor = (this.cursor + 1) % this.fleet.length;
        messages[i] = { key: segment.key, value: withTs(segment.body, ts), timestampMs: ts };
      }
      this.produced += wanted;
      const send: Promise<void> = this.bus.publishRecords(topics.telemetryRaw, messages).finally(() => inFlight.delete(send));
      inFlight.add(send);
    }
    await Promise.all(inFlight);
  }
}
