/**
 * What a fleet of devices does to Kafka during a fault: batches at a steady pace, a batch whose publish
 * failed sent again (devices deliver at least once), and how long the slowest publish waited. A second
 * helper watches a count that should keep growing and keeps the longest spell it stood still.
 */
import type { OutgoingMessage } from '@trottoir/messaging';

export interface StreamReport {
  sent: number;
  /** Publishes that threw and were sent again. */
  failedPublishes: number;
  /** Records sent again after a failed publish (the log may hold them twice). */
  republishedRecords: number;
  slowestPublishMs: number;
}

export interface SteadyStreamOptions {
  /** At least this many; more while `keepGoing()` says so (a fault still under way). */
  total: number;
  keepGoing?: () => boolean;
  batchSize: number;
  intervalMs: number;
  record: (i: number) => OutgoingMessage;
  publish: (records: OutgoingMessage[]) => Promise<void>;
  /** Called after each batch with how many records were sent so far (e.g. to start a fault). */
  onSent?: (sent: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function streamSteadily(options: SteadyStreamOptions): Promise<StreamReport> {
  const report: StreamReport = { sent: 0, failedPublishes: 0, republishedRecords: 0, slowestPublishMs: 0 };
  while (report.sent < options.total || options.keepGoing?.() === true) {
    const count = report.sent < options.total ? Math.min(options.batchSize, options.total - report.sent) : options.batchSize;
    const batch = Array.from({ length: count }, (_, j) => options.record(report.sent + j));
    const started = Date.now();
    for (;;) {
      try {
        await options.publish(batch);
        break;
      } catch {
        report.failedPublishes += 1;
        report.republishedRecords += batch.length;
        await sleep(500);
      }
    }
    report.slowestPublishMs = Math.max(report.slowestPublishMs, Date.now() - started);
    report.sent += count;
    options.onSent?.(report.sent);
    await sleep(options.intervalMs);
  }
  return report;
}

/** Samples `probe` and keeps the longest time it did not grow while it was below `target()`. */
export class StallWatch {
  private readonly timer: NodeJS.Timeout;
  private last = -1;
  private since = Date.now();
  longestStallMs = 0;

  constructor(
    private readonly probe: () => Promise<number>,
    private readonly target: () => number,
    intervalMs = 250,
  ) {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  private async sample(): Promise<void> {
    const value = await this.probe().catch(() => this.last);
    const now = Date.now();
    if (value > this.last || value >= this.target()) {
      this.last = value;
      this.since = now;
      return;
    }
    this.longestStallMs = Math.max(this.longestStallMs, now - this.since);
  }

  stop(): number {
    clearInterval(this.timer);
    return this.longestStallMs;
  }
}
