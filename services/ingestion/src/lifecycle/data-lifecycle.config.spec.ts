import { ConfigError } from '@trottoir/config';

import { loadDataLifecycleConfig } from './data-lifecycle.config';

describe('data lifecycle config', () => {
  it('keeps 90 days of raw telemetry, 7 of published outbox and 14 of inbox by default; 0 days of raw telemetry keeps everything', () => {
    expect(loadDataLifecycleConfig({})).toEqual({ telemetryRawRetentionDays: 90, outboxRetentionDays: 7, inboxRetentionDays: 14, outboxRelayIntervalMs: 1_000, lifecycleIntervalMs: 3_600_000 });
    expect(loadDataLifecycleConfig({ TELEMETRY_RAW_RETENTION_DAYS: '0' }).telemetryRawRetentionDays).toBe(0);
  });

  it('stops at start, naming the variable, on a negative or non-integer retention or a relay interval below 50 ms', () => {
    expect(() => loadDataLifecycleConfig({ TELEMETRY_RAW_RETENTION_DAYS: '-1' })).toThrow(ConfigError);
    expect(() => loadDataLifecycleConfig({ TELEMETRY_RAW_RETENTION_DAYS: '1.5' })).toThrow(/TELEMETRY_RAW_RETENTION_DAYS/);
    expect(() => loadDataLifecycleConfig({ OUTBOX_RELAY_INTERVAL_MS: '10' })).toThrow(/OUTBOX_RELAY_INTERVAL_MS/);
  });
});
