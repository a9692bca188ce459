/**
 * Configuration of the per-minute node state: liveness thresholds, the delay after each minute
 * boundary, and how many late-data intervals one cycle re-aggregates. Read and checked once at start:
 * thresholds in the wrong order stop the service with a message naming the variables.
 */
import type { ConfigOf } from '@trottoir/config';
import { ConfigError, integer, loadConfig } from '@trottoir/config';
import { DEFAULT_LIVENESS_THRESHOLDS, InvalidLivenessThresholdsError, assertLivenessThresholds } from '@trottoir/telemetry';

export const NODE_STATE_CONFIG = Symbol('NODE_STATE_CONFIG');

export const nodeStateConfigSpec = {
  staleAfterMs: {
    env: 'TROTTOIR_SEGMENT_STALE_AFTER_MS',
    description: 'a segment whose last reading is at least this old (ms) is stale',
    default: DEFAULT_LIVENESS_THRESHOLDS.staleAfterMs,
    parse: integer({ min: 1_000 }),
  },
  offlineAfterMs: {
    env: 'TROTTOIR_SEGMENT_OFFLINE_AFTER_MS',
    description: 'a segment whose last reading is at least this old (ms) is offline; must exceed the stale threshold',
    default: DEFAULT_LIVENESS_THRESHOLDS.offlineAfterMs,
    parse: integer({ min: 1_000 }),
  },
  cycleDelayMs: {
    env: 'TROTTOIR_NODE_STATE_DELAY_MS',
    description: 'delay after each UTC minute boundary before computing the node state, to let late readings arrive (ms)',
    default: 10_000,
    parse: integer({ min: 0, max: 50_000 }),
  },
  dirtyIntervalsPerCycle: {
    env: 'TROTTOIR_DIRTY_INTERVALS_PER_CYCLE',
    description: '15-minute intervals touched by late data that one cycle re-aggregates at most',
    default: 20,
    parse: integer({ min: 1, max: 10_000 }),
  },
};

export type NodeStateConfig = ConfigOf<typeof nodeStateConfigSpec>;

export function loadNodeStateConfig(env: NodeJS.ProcessEnv = process.env): NodeStateConfig {
  const config = loadConfig(nodeStateConfigSpec, env);
  try {
    assertLivenessThresholds(config);
  } catch (error) {
    if (!(error instanceof InvalidLivenessThresholdsError)) throw error;
    throw new ConfigError([
      `TROTTOIR_SEGMENT_OFFLINE_AFTER_MS (${config.offlineAfterMs}) must be greater than TROTTOIR_SEGMENT_STALE_AFTER_MS (${config.staleAfterMs})`,
    ]);
  }
  return config;
}
