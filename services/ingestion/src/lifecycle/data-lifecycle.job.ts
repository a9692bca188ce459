/**
 * One pass of the data lifecycle: telemetry partitions for today and the next two days (so the day
 * boundary never sends a stream's rows to the default partition), raw telemetry past its retention
 * dropped by whole partitions, published outbox messages and old inbox entries pruned. Every step is
 * idempotent and serialised in the database, so replicas running it side by side do no harm.
 */
import { DAY_MS } from '@trottoir/kernel';
import type { Clock } from '@trottoir/kernel';
import type { OutboxStore } from '@trottoir/messaging';

import type { DataLifecycleConfig } from './data-lifecycle.config';
import type { DataLifecycleStore } from './data-lifecycle.port';

/** Partitions made ahead of today, today included. */
export const DAYS_AHEAD = 3;

export interface DataLifecycleReport {
  partitionsCreated: number;
  partitionsDropped: string[];
  outboxPruned: number;
  inboxPruned: number;
}

export interface DataLifecycleJobDeps {
  store: DataLifecycleStore;
  outbox: Pick<OutboxStore, 'prunePublished'>;
  config: Pick<DataLifecycleConfig, 'telemetryRawRetentionDays' | 'outboxRetentionDays' | 'inboxRetentionDays'>;
  clock: Clock;
}

/** Start of the UTC day of `ts`. */
const dayStart = (ts: number): number => Math.floor(ts / DAY_MS) * DAY_MS;

export class DataLifecycleJob {
  constructor(private readonly deps: DataLifecycleJobDeps) {}

  async runOnce(): Promise<DataLifecycleReport> {
    const { store, outbox, config, clock } = this.deps;
    const now = clock.now();
    const today = dayStart(now);
    const partitionsCreated = await store.ensureTelemetryPartitions(today, today + DAYS_AHEAD * DAY_MS);
    // Whole days: with a retention of N days, today and the N days before it are kept.
    const partitionsDropped = config.telemetryRawRetentionDays > 0 ? await store.dropTelemetryPartitionsBefore(today - config.telemetryRawRetentionDays * DAY_MS) : [];
    const outboxPruned = await outbox.prunePublished(now - config.outboxRetentionDays * DAY_MS);
    const inboxPruned = await store.pruneInbox(now - config.inboxRetentionDays * DAY_MS);
    return { partitionsCreated, partitionsDropped, outboxPruned, inboxPruned };
  }
}
