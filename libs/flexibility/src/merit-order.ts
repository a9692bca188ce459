/**
 * The merit-order fast path: exact when no constraint links two ISPs (one ISP, or no battery and no EV
 * that can still move energy between ISPs). Each ISP is then its own LP with one row — keep the node's
 * change within [lo, hi] — over boxes with non-negative linear costs, whose optimum is the greedy one:
 * move in the one direction needed, cheapest lever first (a fractional knapsack). Shortfall is the
 * lever of price `shortfallPricePerKWh` with unlimited room, on ordered ISPs only. Ties go to the
 * kind order PV, lights, battery, shortfall, then class order: deterministic.
 */
import type { ClassModel } from './lp/class-model';
import type { ClassDecision } from './lp/lp-build';
import type { DispatchProblem } from './problem';

/** True when the merit order is provably optimal for this problem. */
export function isDecoupled(problem: DispatchProblem): boolean {
  if (problem.isps === 1) return true;
  return problem.segments.every(
    (segment) =>
      (!segment.ev || segment.ev.maxW === 0 || segment.ev.departureIsp <= 1) &&
      (!segment.battery || (segment.battery.maxChargeW === 0 && segment.battery.maxDischargeW === 0)),
  );
}

interface Lever {
  costPerKWh: number;
  capW: number;
  apply: (w: number) => void;
}

export type MeritResult = { decision: ClassDecision } | { infeasible: string };

/** Fills levers cheapest first until `needW` is met; returns what could not be met. */
function fill(levers: Lever[], needW: number): number {
  // A stable sort keeps the kind-then-class order among equal costs.
  levers.sort((a, b) => a.costPerKWh - b.costPerKWh);
  for (const lever of levers) {
    if (needW <= 0) break;
    const w = Math.min(lever.capW, needW);
    if (w > 0) lever.apply(w);
    needW -= w;
  }
  return needW;
}

/** Solves a decoupled class model ISP by ISP (the model must come from an exact grouping). */
export function meritOrder(model: ClassModel): MeritResult {
  const N = model.isps;
  const decision: ClassDecision = {
    pvW: model.pv.map(() => new Float64Array(N)),
    lightsW: model.lights.map(() => new Float64Array(N)),
    evW: model.ev.map((k) => new Float64Array(k.departureIsp)),
    chargeW: model.battery.map(() => new Float64Array(N)),
    dischargeW: model.battery.map(() => new Float64Array(N)),
  };
  const forcedW = new Float64Array(N);
  model.ev.forEach((k, j) => {
    // Decoupled: an EV that can move departs after ISP 0, so its one ISP takes exactly the energy due.
    if (k.departureIsp !== 1) throw new Error('meritOrder: an EV class couples ISPs');
    decision.evW[j][0] = k.shiftWh / model.dtH;
    forcedW[0] += decision.evW[j][0];
  });
  for (let t = 0; t < N; t++) {
    const up: Lever[] = [];
    const down: Lever[] = [];
    model.pv.forEach((k, j) => up.push({ costPerKWh: k.costPerKWh, capW: k.capW[t], apply: (w) => (decision.pvW[j][t] = w) }));
    model.lights.forEach((k, j) => down.push({ costPerKWh: k.costPerKWh, capW: k.capW[t], apply: (w) => (decision.lightsW[j][t] = w) }));
    model.battery.forEach((k, j) => {
      // With one ISP the class is a box whose ratings already hold the SoC limits (see classes.grouped.ts).
      const chargeCapW = Math.min(k.chargeMaxW, k.socHiWh / (k.efficiency * model.dtH));
      const dischargeCapW = Math.min(k.dischargeMaxW, (-k.socLoWh * k.efficiency) / model.dtH);
      up.push({ costPerKWh: k.costPerKWh, capW: chargeCapW, apply: (w) => (decision.chargeW[j][t] = w) });
      down.push({ costPerKWh: k.costPerKWh, capW: dischargeCapW, apply: (w) => (decision.dischargeW[j][t] = w) });
    });
    const shortfall: Lever = { costPerKWh: model.shortfallPricePerKWh, capW: Infinity, apply: () => undefined };
    if (model.shortfallSign[t] > 0) up.push(shortfall);
    if (model.shortfallSign[t] < 0) down.push(shortfall);
    const loW = model.rowLoW[t] - forcedW[t];
    const hiW = model.rowHiW[t] - forcedW[t];
    const missingW = loW > 0 ? fill(up, loW) : hiW < 0 ? fill(down, -hiW) : 0;
    // Tolerance of a rounding error on sums of watts: a milliwatt.
    if (missingW > 1e-3) return { infeasible: `ISP ${t}: the segments cannot keep the node within its limits (${missingW.toFixed(3)} W short)` };
  }
  return { decision };
}
