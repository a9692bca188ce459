/**
 * Solving a class model, net of simultaneous charge and discharge. The LP of issue 10 §2 gives a battery
 * separate ch and dis; with η < 1 doing both at once burns energy, which a setpoint (one net power)
 * cannot ask for, and netting the two raises the SoC above the LP's. Netting is kept wherever the SoC
 * stays within limits; where it would not, that class's direction is fixed (charge only or discharge
 * only) in the ISPs it did both, and the LP is solved again. Each round fixes at least one more
 * (class, ISP), so the loop ends; in practice one round, and none when no battery is near full.
 */
import type { BatteryClass, ClassModel } from './class-model';
import type { BatteryFixings, ClassDecision } from './lp-build';
import { buildLp } from './lp-build';
import type { LpSolver } from './lp-solver';

export type ClassSolveResult = { decision: ClassDecision; objective: number; rowDual: Float64Array } | { infeasible: string };

/** Both directions in one ISP below this (W) is solver noise, not a burn. */
const BOTH_WAYS_W = 1e-6;

function netViolates(k: BatteryClass, charge: Float64Array, discharge: Float64Array, dtH: number): boolean {
  let socWh = 0;
  const finite = (wh: number): number => (Number.isFinite(wh) ? Math.abs(wh) : 0);
  const tolWh = 1e-9 * Math.max(1, finite(k.socLoWh), finite(k.socHiWh));
  for (let t = 0; t < charge.length; t++) {
    const w = charge[t] - discharge[t];
    socWh += (w >= 0 ? k.efficiency * w : w / k.efficiency) * dtH;
    if (socWh > k.socHiWh + tolWh || socWh < k.socLoWh - tolWh) return true;
  }
  return false;
}

export function solveClassModel(lp: LpSolver, model: ClassModel, options: { netBatteries?: boolean } = {}): ClassSolveResult {
  const fixings: BatteryFixings = new Map();
  for (;;) {
    const built = buildLp(model, fixings);
    const result = lp.solve(built.lp);
    if (result.status === 'failed') throw new Error(`the LP solver failed: ${result.detail ?? 'no detail'}`);
    if (result.status === 'infeasible') {
      return {
        infeasible:
          fixings.size === 0
            ? 'no dispatch keeps the node within its limits on the ISPs outside the order while every EV gets its energy'
            : 'no dispatch is feasible once every battery either charges or discharges in each ISP',
      };
    }
    const decision = built.read(result.colValue);
    if (options.netBatteries === false) return { decision, objective: result.objective, rowDual: result.rowDual };
    let fixed = false;
    model.battery.forEach((k, b) => {
      const charge = decision.chargeW[b];
      const discharge = decision.dischargeW[b];
      if (!netViolates(k, charge, discharge, model.dtH)) return;
      const fix = fixings.get(b) ?? new Int8Array(model.isps);
      for (let t = 0; t < model.isps; t++) {
        if (fix[t] === 0 && charge[t] > BOTH_WAYS_W && discharge[t] > BOTH_WAYS_W) {
          fix[t] = charge[t] >= discharge[t] ? 1 : -1;
          fixed = true;
        }
      }
      fixings.set(b, fix);
    });
    if (!fixed) return { decision, objective: result.objective, rowDual: result.rowDual };
  }
}
