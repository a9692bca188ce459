/**
 * The shape of `segment.ratings` (jsonb, so that a new device kind needs no column migration), as the
 * registry store writes and reads it. A persistence shape only: neither an API nor a domain type.
 */
export interface SegmentRatingsRecord {
  readonly pv: { readonly peakPowerW: number; readonly areaM2: number; readonly inverterLimitW: number } | null;
  readonly lights: { readonly count: number; readonly ratedPowerW: number; readonly minDimmingPct: number } | null;
  readonly evConnectors: readonly { readonly connectorId: string; readonly kind: 'ac' | 'dc'; readonly maxPowerW: number }[];
  readonly battery: {
    readonly capacityWh: number;
    readonly maxPowerW: number;
    readonly minSocPct: number;
    readonly maxSocPct: number;
  } | null;
}
