/**
 * An optional stationary battery: by default it maximises self-consumption (charges from what would be
 * exported, discharges to cover what would be imported); a setpoint's battery power replaces that
 * policy. Either way the power is held within the ratings and the state of charge within its limits.
 */
import type { BatteryRating } from '@trottoir/contracts';

export interface BatteryState {
  socPct: number;
}

/** One-way efficiency of charging and of discharging (≈ 90 % round trip). */
export const BATTERY_ONE_WAY_EFFICIENCY = 0.95;

/**
 * The battery's power for the next `dtH` hours, W (positive = charging), and its new SoC.
 * @param netBeforeBatteryW the connection point's net power without the battery (import +).
 */
export function stepBattery(
  rating: BatteryRating,
  state: BatteryState,
  netBeforeBatteryW: number,
  setpointPowerW: number | undefined,
  dtH: number,
): number {
  const wanted = setpointPowerW ?? -netBeforeBatteryW;
  if (rating.capacityWh <= 0 || dtH <= 0) return 0;
  // The power that reaches exactly the SoC limit within the step: never overshoot it.
  const headroomWh = Math.max(0, ((rating.socMaxPct - state.socPct) / 100) * rating.capacityWh);
  const reserveWh = Math.max(0, ((state.socPct - rating.socMinPct) / 100) * rating.capacityWh);
  const maxChargeW = Math.min(rating.maxChargeW, headroomWh / BATTERY_ONE_WAY_EFFICIENCY / dtH);
  const maxDischargeW = Math.min(rating.maxDischargeW, (reserveWh * BATTERY_ONE_WAY_EFFICIENCY) / dtH);
  const powerW = wanted >= 0 ? Math.min(wanted, maxChargeW) : -Math.min(-wanted, maxDischargeW);
  const storedWh = powerW >= 0 ? powerW * dtH * BATTERY_ONE_WAY_EFFICIENCY : (powerW * dtH) / BATTERY_ONE_WAY_EFFICIENCY;
  const socPct = state.socPct + (storedWh / rating.capacityWh) * 100;
  // Rounding must not push the SoC a hair past a limit.
  state.socPct = Math.min(Math.max(socPct, Math.min(rating.socMinPct, state.socPct)), Math.max(rating.socMaxPct, state.socPct));
  return powerW;
}
