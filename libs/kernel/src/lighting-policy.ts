/**
 * A commune's street-lighting policy: lights come on at dusk and go off at dawn (a photocell or an
 * astronomical clock, modelled by the sun's elevation) and are dimmed in a night window of local time.
 * One policy applies to every segment of a commune. The simulator obeys it (the fleet's behaviour), the
 * forecaster predicts from it, dispatch may dim further — but never below a segment's minimum dimming
 * level (public safety).
 */
export interface LightingPolicy {
  /** Lights are on while the sun's apparent elevation is below this, degrees (civil dusk ≈ −2°). */
  readonly onBelowElevationDeg: number;
  /** Dimming level during the night window, percent of rated power. */
  readonly nightDimmingPct: number;
  /** Local hour the dimmed window starts (23 = 23:00; fractions allowed). */
  readonly nightFromLocalHour: number;
  /** Local hour it ends (5 = 05:00); a window crossing midnight is fine. */
  readonly nightToLocalHour: number;
  /** IANA time zone the window is read in (daylight saving included). */
  readonly timeZone: string;
}

/** Lyon-style policy: on below −2°, 50 % from 23:00 to 05:00 Paris time. */
export const DEFAULT_LIGHTING_POLICY: LightingPolicy = {
  onBelowElevationDeg: -2,
  nightDimmingPct: 50,
  nightFromLocalHour: 23,
  nightToLocalHour: 5,
  timeZone: 'Europe/Paris',
};

/** True when a local hour (0 ≤ h < 24) is inside the dimmed window [from, to), which may cross midnight. */
export function inNightWindow(policy: LightingPolicy, localHour: number): boolean {
  const from = policy.nightFromLocalHour;
  const to = policy.nightToLocalHour;
  return from <= to ? localHour >= from && localHour < to : localHour >= from || localHour < to;
}

/**
 * The commune-wide dimming level the policy asks for now, percent: 0 while the lights are off.
 * Computed once per step; segments then apply their own minimum and any setpoint.
 */
export function policyDimmingPct(policy: LightingPolicy, sunElevationDeg: number, localHour: number): number {
  if (sunElevationDeg >= policy.onBelowElevationDeg) return 0;
  return inNightWindow(policy, localHour) ? policy.nightDimmingPct : 100;
}

/** One segment's dimming level while the lights are on: the setpoint's or the policy's, at least the minimum. */
export function segmentDimmingPct(policyPct: number, minDimmingPct: number, setpointPct: number | undefined): number {
  if (policyPct <= 0) return 0;
  const wanted = setpointPct ?? policyPct;
  return Math.min(100, Math.max(wanted, minDimmingPct));
}
