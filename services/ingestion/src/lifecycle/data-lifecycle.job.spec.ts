/** The lifecycle pass: which cut-offs it asks the store and the outbox for, and retention 0 = keep. */
import { DAY_MS, HOUR_MS } from '@trottoir/kernel';
import { InMemoryOutboxStore } from '@trottoir/messaging';

import { DataLifecycleJob, DAYS_AHEAD } from './data-lifecycle.job';
import type { DataLifecycleStore } from './data-lifecycle.port';

const NOW = Date.UTC(2026, 11, 3, 18, 30);
const TODAY = Date.UTC(2026, 11, 3);

class RecordingStore implements DataLifecycleStore {
  readonly calls: string[] = [];
  async ensureTelemetryPartitions(fromTs: number, toTs: number): Promise<number> {
    this.calls.push(`ensure ${new Date(fromTs).toISOString()} ${new Date(toTs).toISOString()}`);
    return 1;
  }
  async dropTelemetryPartitionsBefore(beforeTs: number): Promise<string[]> {
    this.calls.push(`drop ${new Date(beforeTs).toISOString()}`);
    return ['telemetry_p20260904'];
  }
  async pruneInbox(beforeMs: number): Promise<number> {
    this.calls.push(`inbox ${new Date(beforeMs).toISOString()}`);
    return 2;
  }
}

const config = { telemetryRawRetentionDays: 90, outboxRetentionDays: 7, inboxRetentionDays: 14 };

describe('DataLifecycleJob', () => {
  it('makes partitions ahead, drops whole days past retention and prunes inbox and published outbox messages', async () => {
    const store = new RecordingStore();
    const outbox = new InMemoryOutboxStore(() => NOW - 8 * DAY_MS);
    outbox.append([{ topic: 't', key: 'k', value: new Uint8Array(), headers: {}, timestampMs: 0 }]);
    await outbox.relay(10, async () => undefined);
    outbox.append([{ topic: 't', key: 'k', value: new Uint8Array(), headers: {}, timestampMs: 0 }]);

    const report = await new DataLifecycleJob({ store, outbox, config, clock: { now: () => NOW } }).runOnce();

    expect(store.calls).toEqual([
      `ensure ${new Date(TODAY).toISOString()} ${new Date(TODAY + DAYS_AHEAD * DAY_MS).toISOString()}`,
      `drop ${new Date(TODAY - 90 * DAY_MS).toISOString()}`,
      `inbox ${new Date(NOW - 14 * DAY_MS).toISOString()}`,
    ]);
    expect(report).toEqual({ partitionsCreated: 1, partitionsDropped: ['telemetry_p20260904'], outboxPruned: 1, inboxPruned: 2 });
    expect(await outbox.pendingCount()).toBe(1);
  });

  it('drops nothing when the retention is 0, and keeps a message published within the outbox retention', async () => {
    const store = new RecordingStore();
    const outbox = new InMemoryOutboxStore(() => NOW - HOUR_MS);
    outbox.append([{ topic: 't', key: 'k', value: new Uint8Array(), headers: {}, timestampMs: 0 }]);
    await outbox.relay(10, async () => undefined);

    const report = await new DataLifecycleJob({ store, outbox, config: { ...config, telemetryRawRetentionDays: 0 }, clock: { now: () => NOW } }).runOnce();

    expect(store.calls.some((call) => call.startsWith('drop'))).toBe(false);
    expect(report.partitionsDropped).toEqual([]);
    expect(report.outboxPruned).toBe(0);
  });
});
