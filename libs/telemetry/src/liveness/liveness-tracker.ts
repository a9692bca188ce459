/**
 * Follows the liveness of every segment from one evaluation to the next and reports the changes as
 * events (for logs and metrics). Pure: previous states in, new states and events out.
 */
import type { LivenessThresholds, SegmentLiveness } from './liveness';
import { livenessOf } from './liveness';

/** A segment's liveness changed between two evaluations. */
export interface SegmentLivenessChanged {
  readonly type: 'SegmentLivenessChanged';
  readonly segmentId: string;
  readonly from: SegmentLiveness;
  readonly to: SegmentLiveness;
  /** When the change was observed, epoch ms. */
  readonly observedAtTs: number;
  /** The last reading behind the new state; undefined when the segment never reported. */
  readonly lastReadingTs: number | undefined;
}

export interface LivenessEvaluation {
  readonly states: ReadonlyMap<string, SegmentLiveness>;
  readonly changes: readonly SegmentLivenessChanged[];
}

/**
 * Evaluates every segment of `segmentIds` at `nowTs`. A segment seen for the first time (absent from
 * `previous`) takes its state without an event: at start-up that would be one event per segment,
 * which says nothing. Segments absent from `segmentIds` (removed from the registry) are dropped.
 */
export function evaluateLiveness(
  segmentIds: Iterable<string>,
  lastReadingTs: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, SegmentLiveness>,
  nowTs: number,
  thresholds: LivenessThresholds,
): LivenessEvaluation {
  const states = new Map<string, SegmentLiveness>();
  const changes: SegmentLivenessChanged[] = [];
  for (const segmentId of segmentIds) {
    const last = lastReadingTs.get(segmentId);
    const state = livenessOf(last, nowTs, thresholds);
    states.set(segmentId, state);
    const before = previous.get(segmentId);
    if (before !== undefined && before !== state) {
      changes.push({ type: 'SegmentLivenessChanged', segmentId, from: before, to: state, observedAtTs: nowTs, lastReadingTs: last });
    }
  }
  return { states, changes };
}

export interface LivenessCounts {
  online: number;
  stale: number;
  offline: number;
}

export function emptyLivenessCounts(): LivenessCounts {
  return { online: 0, stale: 0, offline: 0 };
}

/** How many segments are in each state. */
export function countLiveness(states: Iterable<SegmentLiveness>): LivenessCounts {
  const counts = emptyLivenessCounts();
  for (const state of states) counts[state] += 1;
  return counts;
}
