/**
 * Configuration of the data lifecycle: how long raw telemetry, published outbox messages and inbox
 * entries are kept, and how often the outbox relay and the lifecycle job run. Read and checked once at
 * start; a bad value stops the service naming the variable.
 */
import type { ConfigOf } from '@trottoir/config';
import { integer, loadConfig } from '@trottoir/config';

export const DATA_LIFECYCLE_CONFIG = Symbol('DATA_LIFECYCLE_CONFIG');

export const dataLifecycleConfigSpec = {
  telemetryRawRetentionDays: {
    env: 'TELEMETRY_RAW_RETENTION_DAYS',
    description:
      'whole UTC days of raw telemetry kept; older daily partitions are dropped (the 1m/15m/1h rollups stay). 0 keeps everything. Readings older than this are no longer given a partition of their own',
    default: 90,
    parse: integer({ min: 0, max: 3_650 }),
  },
  outboxRetentionDays: {
    env: 'OUTBOX_RETENTION_DAYS',
    description: 'days a published outbox message is kept (for inspection) before it is pruned; unpublished ones are never pruned',
    default: 7,
    parse: integer({ min: 0, max: 365 }),
  },
  inboxRetentionDays: {
    env: 'INBOX_RETENTION_DAYS',
    description: 'days an inbox entry (an event id a consumer processed) is kept; keep it above the retention of the topics it guards',
    default: 14,
    parse: integer({ min: 1, max: 365 }),
  },
  outboxRelayIntervalMs: {
    env: 'OUTBOX_RELAY_INTERVAL_MS',
    description: 'how often the outbox relay looks for events a crashed or unlucky writer left unpublished (ms); writers also flush it right after their commit',
    default: 1_000,
    parse: integer({ min: 50, max: 600_000 }),
  },
  lifecycleIntervalMs: {
    env: 'DATA_LIFECYCLE_INTERVAL_MS',
    description: 'how often telemetry partitions are created ahead and dropped past retention, and the outbox and inbox pruned (ms)',
    default: 3_600_000,
    parse: integer({ min: 1_000, max: 86_400_000 }),
  },
};

export type DataLifecycleConfig = ConfigOf<typeof dataLifecycleConfigSpec>;

export function loadDataLifecycleConfig(env: NodeJS.ProcessEnv = process.env): DataLifecycleConfig {
  return loadConfig(dataLifecycleConfigSpec, env);
}
