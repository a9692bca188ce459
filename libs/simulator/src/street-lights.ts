/**
 * Street lighting: lights come on at dusk and go off at dawn (a photocell, modelled by the sun's
 * elevation) and are dimmed by the municipal policy in the middle of the night. A setpoint may dim
 * them further, but never below the segment's minimum dimming level (public safety).
 */
export interface DimmingPolicy {
  /** Lights are on while the sun's apparent elevation is below this, degrees (civil dusk ≈ −2°). */
  onBelowElevationDeg: number;
  /** Dimming level during the night-time window, percent of rated power. */
  nightDimmingPct: number;
  /** Local hour the dimmed window starts (23 = 23:00). */
  nightFromLocalHour: number;
  /** Local hour it ends (5 = 05:00); a window crossing midnight is fine. */
  nightToLocalHour: number;
}

/** Lyon-style policy: 50 % from 23:00 to 05:00 local time. */
export const DEFAULT_DIMMING_POLICY: DimmingPolicy = {
  onBelowElevationDeg: -2,
  nightDimmingPct: 50,
  nightFromLocalHour: 23,
  nightToLocalHour: 5,
};

function inWindow(hour: number, from: number, to: number): boolean {
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}

/**
 * The city-wide dimming level the policy asks for now, percent: 0 while the lights are off.
 * Computed once per step; segments then apply their own minimum and any setpoint.
 */
export function policyDimmingPct(policy: DimmingPolicy, sunElevationDeg: number, localHour: number): number {
  if (sunElevationDeg >= policy.onBelowElevationDeg) return 0;
  return inWindow(localHour, policy.nightFromLocalHour, policy.nightToLocalHour) ? policy.nightDimmingPct : 100;
}

/** One segment's dimming level while the lights are on: the setpoint's or the policy's, at least the minimum. */
export function segmentDimmingPct(policyPct: number, minDimmingPct: number, setpointPct: number | undefined): number {
  if (policyPct <= 0) return 0;
  const wanted = setpointPct ?? policyPct;
  return Math.min(100, Math.max(wanted, minDimmingPct));
}
