/**
 * Setpoints from dispatch, kept per segment as a schedule: an order spans several ISPs, so a segment
 * holds a setpoint per ISP ahead, and a re-dispatch sends one that starts mid-ISP. The setpoint in force
 * at `t` is, among those with ts ≤ t < validUntil, the one with the latest `ts` (the later received on a
 * tie); it replaces any other as a whole. A setpoint received again (same id: Kafka delivers at least
 * once) replaces its earlier copy. One that can no longer be in force — another, already started, began
 * no earlier and ends no earlier — is refused as superseded.
 */
import type { SegmentSetpoint } from '@trottoir/contracts';

import type { FleetState, SegmentSimState } from './fleet-state';

export type SetpointOutcome = 'applied' | 'unknown-segment' | 'superseded' | 'expired';

/** Setpoints kept per segment at most (an order's ISPs ahead and its re-dispatches). */
const MAX_SCHEDULED = 200;

/** Records a setpoint in its segment's schedule; `now` (epoch ms) tells an already expired one apart. */
export function applySetpoint(state: FleetState, setpoint: SegmentSetpoint, now: number): SetpointOutcome {
  const segment = state.byId.get(setpoint.segmentId);
  if (!segment) return 'unknown-segment';
  if (setpoint.validUntil <= now) return 'expired';
  const schedule = segment.setpoints.filter((kept) => kept.validUntil > now && kept.setpointId !== setpoint.setpointId);
  if (schedule.some((kept) => kept.ts >= setpoint.ts && kept.ts <= now && kept.validUntil >= setpoint.validUntil)) {
    segment.setpoints = schedule;
    return 'superseded';
  }
  // Sorted by ts; a tie keeps arrival order, so the later one received wins.
  const at = schedule.findIndex((kept) => kept.ts > setpoint.ts);
  schedule.splice(at === -1 ? schedule.length : at, 0, setpoint);
  segment.setpoints = schedule.slice(-MAX_SCHEDULED);
  return 'applied';
}

/** The setpoint in force for a segment at `ts`, forgetting those that have expired. */
export function activeSetpoint(segment: SegmentSimState, ts: number): SegmentSetpoint | undefined {
  if (segment.setpoints.length === 0) return undefined;
  if (segment.setpoints[0].validUntil <= ts || segment.setpoints.some((kept) => kept.validUntil <= ts)) {
    segment.setpoints = segment.setpoints.filter((kept) => kept.validUntil > ts);
  }
  let inForce: SegmentSetpoint | undefined;
  for (const kept of segment.setpoints) {
    if (kept.ts > ts) break;
    inForce = kept;
  }
  return inForce;
}
