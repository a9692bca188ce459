/**
 * Liveness of one segment: online, stale or offline from the age of its last reading. Pure: the
 * clock is a parameter, so the same function serves the per-minute cycle, tests and replays.
 */
export type SegmentLiveness = 'online' | 'stale' | 'offline';

export const LIVENESS_STATES: readonly SegmentLiveness[] = ['online', 'stale', 'offline'];

export interface LivenessThresholds {
  /** A segment whose last reading is at least this old (ms) is stale. */
  readonly staleAfterMs: number;
  /** A segment whose last reading is at least this old (ms), or that never reported, is offline. */
  readonly offlineAfterMs: number;
}

export const DEFAULT_LIVENESS_THRESHOLDS: LivenessThresholds = { staleAfterMs: 3 * 60_000, offlineAfterMs: 15 * 60_000 };

export class InvalidLivenessThresholdsError extends Error {
  constructor(readonly thresholds: LivenessThresholds, reason: string) {
    super(`invalid liveness thresholds (stale after ${thresholds.staleAfterMs} ms, offline after ${thresholds.offlineAfterMs} ms): ${reason}`);
    this.name = 'InvalidLivenessThresholdsError';
  }
}

/** Checks thresholds read from configuration, so a bad pair stops the service at start. */
export function assertLivenessThresholds(thresholds: LivenessThresholds): LivenessThresholds {
  const { staleAfterMs, offlineAfterMs } = thresholds;
  if (!Number.isSafeInteger(staleAfterMs) || staleAfterMs <= 0) {
    throw new InvalidLivenessThresholdsError(thresholds, 'the stale threshold must be a positive whole number of ms');
  }
  if (!Number.isSafeInteger(offlineAfterMs) || offlineAfterMs <= staleAfterMs) {
    throw new InvalidLivenessThresholdsError(thresholds, 'the offline threshold must be a whole number of ms above the stale threshold');
  }
  return thresholds;
}

/**
 * The liveness at `nowTs` of a segment whose last reading is at `lastReadingTs` (epoch ms; undefined
 * when it never reported). A reading stamped in the future (device clock ahead) counts as fresh:
 * rejecting future timestamps is validation's job, not liveness's.
 */
export function livenessOf(lastReadingTs: number | undefined, nowTs: number, thresholds: LivenessThresholds): SegmentLiveness {
  if (lastReadingTs === undefined) return 'offline';
  const ageMs = nowTs - lastReadingTs;
  if (ageMs >= thresholds.offlineAfterMs) return 'offline';
  if (ageMs >= thresholds.staleAfterMs) return 'stale';
  return 'online';
}
