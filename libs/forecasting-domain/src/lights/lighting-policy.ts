/**
 * A commune's street-lighting policy as the forecaster sees it: lights come on below a sun elevation
 * (photocell or astronomical clock), and are dimmed in a night window of local time. One policy
 * applies to every segment of a commune; the service maps grid nodes to communes by config.
 * Mirrors the simulator's DimmingPolicy (the fleet's behaviour), plus the time zone it is read in.
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

/** Lyon-style policy, the simulator's default: on below −2°, 50 % from 23:00 to 05:00 Paris time. */
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
