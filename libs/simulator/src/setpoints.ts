/**
 * Setpoints from dispatch, kept per segment: a newer setpoint replaces the previous one as a whole,
 * an older one arriving late is ignored, and each applies from its `ts` until its `validUntil`.
 */
import type { SegmentSetpoint } from '@trottoir/contracts';

import type { FleetState, SegmentSimState } from './fleet-state';

export type SetpointOutcome = 'applied' | 'unknown-segment' | 'superseded' | 'expired';

/** Records a setpoint for its segment; `now` (epoch ms) tells an already expired one apart. */
export function applySetpoint(state: FleetState, setpoint: SegmentSetpoint, now: number): SetpointOutcome {
  const segment = state.byId.get(setpoint.segmentId);
  if (!segment) return 'unknown-segment';
  if (setpoint.validUntil <= now) return 'expired';
  if (segment.setpoint && segment.setpoint.ts > setpoint.ts) return 'superseded';
  segment.setpoint = setpoint;
  return 'applied';
}

/** The setpoint in force for a segment at `ts`, forgetting it once it has expired. */
export function activeSetpoint(segment: SegmentSimState, ts: number): SegmentSetpoint | undefined {
  const setpoint = segment.setpoint;
  if (!setpoint) return undefined;
  if (ts >= setpoint.validUntil) {
    segment.setpoint = undefined;
    return undefined;
  }
  return ts >= setpoint.ts ? setpoint : undefined;
}
