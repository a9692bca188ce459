/**
 * What dispatch knows of the segments below a grid node when it plans: each segment's ratings and its
 * latest reading, the node's forecast, the cost of each lever. Plain data, built by the dispatch
 * service from the registry, telemetry and forecasts.
 */

import type { Segment } from '@trottoir/contracts';

export interface SegmentRatings {
  readonly segmentId: string;
  /** PV peak power, W (0: no tiles). */
  readonly pvPeakW: number;
  /** The inverter's AC limit, W. */
  readonly pvInverterLimitW: number;
  /** All the segment's lights at 100 %, W (0: no lights). */
  readonly lightsRatedW: number;
  /** The lowest dimming level the policy allows while lit, percent of rated power. */
  readonly lightsMinDimmingPct: number;
  /** All the segment's EV connectors at full power, W (0: none). */
  readonly evMaxW: number;
  readonly battery?: {
    readonly capacityWh: number;
    readonly maxChargeW: number;
    readonly maxDischargeW: number;
    readonly socMinPct: number;
    readonly socMaxPct: number;
  };
}

/** A registry record's ratings, compact: what planning and flexibility read of a segment. */
export function segmentRatingsOf(segment: Segment): SegmentRatings {
  const battery = segment.battery;
  return {
    segmentId: segment.segmentId,
    pvPeakW: segment.pv?.peakPowerW ?? 0,
    pvInverterLimitW: segment.pv?.inverterLimitW ?? 0,
    lightsRatedW: (segment.lighting?.count ?? 0) * (segment.lighting?.ratedPowerWEach ?? 0),
    lightsMinDimmingPct: segment.lighting?.minDimmingPct ?? 0,
    evMaxW: segment.evConnectors.reduce((total, connector) => total + connector.maxPowerW, 0),
    ...(battery
      ? { battery: { capacityWh: battery.capacityWh, maxChargeW: battery.maxChargeW, maxDischargeW: battery.maxDischargeW, socMinPct: battery.socMinPct, socMaxPct: battery.socMaxPct } }
      : {}),
  };
}

/** A segment's latest reading (one of a telemetry.validated.v2 batch). */
export interface LiveReading {
  readonly ts: number;
  readonly pvPowerW: number;
  readonly lightsPowerW: number;
  readonly evPowerW: number;
  /** + charging, − discharging. */
  readonly batteryPowerW: number;
  readonly batterySocPct?: number;
  /** Charging sessions under way (0: no car plugged in, whatever a charger's limit says). */
  readonly evSessionsActive?: number;
  readonly netPowerW: number;
}

/**
 * A grid node's forecast of the flows below it, one value per forecast step (its quantiles come from
 * node-level errors: the node's P10 of PV is what holds at the node in 9 cases out of 10, which the sum
 * of its segments' P10s is not).
 */
export interface NodeFlowForecast {
  readonly issuedAt: number;
  readonly startTs: number;
  readonly stepMs: number;
  readonly pvP10W: ArrayLike<number>;
  readonly pvP50W: ArrayLike<number>;
  readonly lightsP50W: ArrayLike<number>;
  readonly evP50W: ArrayLike<number>;
}

/** What each lever costs, currency units per kWh moved, and the batteries' one-way efficiency. */
export interface LeverCosts {
  readonly pvCurtailPerKWh: number;
  readonly lightsDimPerKWh: number;
  readonly evShiftPerKWh: number;
  readonly batteryCyclePerKWh: number;
  readonly batteryEfficiency: number;
}

export const DEFAULT_LEVER_COSTS: LeverCosts = {
  // Solar energy not produced: what it would have earned (feed-in or avoided purchase).
  pvCurtailPerKWh: 0.1,
  // Dimming above the safety minimum: cheap, but not free (comfort, complaints).
  lightsDimPerKWh: 0.04,
  // Moving charging later within the session: the driver's inconvenience.
  evShiftPerKWh: 0.06,
  // Wear: a full cycle of a ~5,000-cycle battery.
  batteryCyclePerKWh: 0.03,
  batteryEfficiency: 0.95,
};
