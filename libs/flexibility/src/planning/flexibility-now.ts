/**
 * What one segment's levers could move right now, from its ratings and latest reading: the one
 * computation behind the node state's flex_up_w / flex_down_w and the market view of dispatch.
 * Up raises the node's net import (curtail PV, charge the battery), down lowers it (dim the lights, hold
 * EV charging back, discharge the battery). An EV is never pushed above what it draws now: whether a
 * car would take more is not known from a meter reading.
 */
import type { LiveReading, SegmentRatings } from './planning-inputs';

export interface FlexibilityNow {
  /** W >= 0 the segment's net power could be raised by. */
  readonly upW: number;
  /** W >= 0 it could be lowered by. */
  readonly downW: number;
}

export function flexibilityNow(ratings: SegmentRatings, live: LiveReading): FlexibilityNow {
  const pvCurtailW = Math.max(0, live.pvPowerW);
  const lightsDimW = ratings.lightsRatedW > 0 ? Math.max(0, live.lightsPowerW - (ratings.lightsMinDimmingPct / 100) * ratings.lightsRatedW) : 0;
  const evHoldW = Math.max(0, live.evPowerW);
  let chargeW = 0;
  let dischargeW = 0;
  const battery = ratings.battery;
  if (battery && live.batterySocPct !== undefined) {
    // From what it does now: a battery discharging at 2 kW can move up by 2 kW before it even charges.
    if (live.batterySocPct < battery.socMaxPct) chargeW = Math.max(0, battery.maxChargeW - live.batteryPowerW);
    else chargeW = Math.max(0, -live.batteryPowerW);
    if (live.batterySocPct > battery.socMinPct) dischargeW = Math.max(0, battery.maxDischargeW + live.batteryPowerW);
    else dischargeW = Math.max(0, live.batteryPowerW);
  }
  return { upW: pvCurtailW + chargeW, downW: lightsDimW + evHoldW + dischargeW };
}
