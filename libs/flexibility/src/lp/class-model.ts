/**
 * The problem as the solvers see it: device *classes* that move the node in deviation from their plan,
 * each class standing for one or more segments' devices and splitting its decision back among them by
 * fixed shares. The full LP is the model where every class holds one device; the fleet-scale path
 * groups devices (classes.grouped.ts). Powers in W, energies in Wh, costs per kWh.
 *
 * Deviation space: PV curtailment up ≥ 0 (+ at the node), light dimming ≥ 0 (− at the node), EV shift
 * D = ev − plan (±, costs only below plan), battery ch/dis (±). What no decision can change (EV charging
 * planned at or after departure, which must stop) is a fixed deviation with a fixed cost.
 */
import type { DispatchProblem } from '../problem';
import { ispHours } from '../schedule';

export interface PvClass {
  costPerKWh: number;
  /** Curtailable power per ISP: Σ availableW. */
  capW: Float64Array;
  members: number[];
}

export interface LightsClass {
  costPerKWh: number;
  /** Dimmable power per ISP: Σ (1 − minPct/100)·plannedW. */
  capW: Float64Array;
  members: number[];
}

export interface EvClass {
  costPerKWh: number;
  /** ISPs 0…k−1 can move; the class has no decision from k on. */
  departureIsp: number;
  /** Bounds of the shift D_t = Σ members (ev − plan), t < k. */
  loW: Float64Array;
  hiW: Float64Array;
  /** Σ_t D_t·dt: 0 when every member's plan meets its need; a lone member's (need − planned energy) otherwise. */
  shiftWh: number;
  members: number[];
  /** Each member's part of D (Σ = 1). */
  shares: number[];
}

export interface BatteryClass {
  costPerKWh: number;
  efficiency: number;
  chargeMaxW: number;
  dischargeMaxW: number;
  /** Bounds of the stored-energy change from the start, Wh (lo ≤ 0 ≤ hi; ±Infinity when it cannot bind). */
  socLoWh: number;
  socHiWh: number;
  members: number[];
  chargeShares: number[];
  dischargeShares: number[];
}

export interface ClassModel {
  isps: number;
  dtH: number;
  pv: PvClass[];
  lights: LightsClass[];
  ev: EvClass[];
  battery: BatteryClass[];
  /** Fixed deviation per ISP, W, and its cost. */
  fixedW: Float64Array;
  fixedCost: number;
  /** Bounds on Σ class deviations per ISP (fixed part and baseline already taken off), W. */
  rowLoW: Float64Array;
  rowHiW: Float64Array;
  /** +1 where a shortfall may make up for too little delivery (order > 0), −1 for order < 0, 0 elsewhere. */
  shortfallSign: Int8Array;
  shortfallPricePerKWh: number;
}

/** Where an EV plan cannot be met whatever the dispatch: the problem is infeasible. */
export function evInfeasibility(problem: DispatchProblem): string | undefined {
  const dtH = ispHours(problem);
  for (const segment of problem.segments) {
    const ev = segment.ev;
    if (!ev) continue;
    const reachableWh = ev.maxW * ev.departureIsp * dtH;
    if (ev.needWh > reachableWh * (1 + 1e-12) + 1e-9) {
      return `segment ${segment.id}: the EV needs ${ev.needWh} Wh before ISP ${ev.departureIsp} but can take at most ${reachableWh} Wh (maxW ${ev.maxW} W)`;
    }
  }
  return undefined;
}

/** The part of the model that does not depend on how devices are grouped: fixed deviations and node rows. */
export function baseModel(problem: DispatchProblem): ClassModel {
  const N = problem.isps;
  const dtH = ispHours(problem);
  const fixedW = new Float64Array(N);
  let fixedCost = 0;
  for (const segment of problem.segments) {
    const ev = segment.ev;
    if (!ev) continue;
    // Nothing can move when the car is gone or cannot charge at all: every planned watt is cut.
    const from = ev.maxW > 0 ? ev.departureIsp : 0;
    for (let t = from; t < N; t++) {
      fixedW[t] -= ev.plannedW[t];
      fixedCost += (ev.shiftCostPerKWh * ev.plannedW[t] * dtH) / 1000;
    }
  }
  const rowLoW = new Float64Array(N);
  const rowHiW = new Float64Array(N);
  const shortfallSign = new Int8Array(N);
  const { baselineW, importLimitW, exportLimitW } = problem.node;
  for (let t = 0; t < N; t++) {
    rowLoW[t] = Math.min(-exportLimitW, baselineW[t]) - baselineW[t] - fixedW[t];
    rowHiW[t] = Math.max(importLimitW, baselineW[t]) - baselineW[t] - fixedW[t];
  }
  for (const { isp, deltaW } of problem.order) {
    shortfallSign[isp] = deltaW > 0 ? 1 : -1;
    rowLoW[isp] = deltaW > 0 ? deltaW - fixedW[isp] : -Infinity;
    rowHiW[isp] = deltaW > 0 ? Infinity : deltaW - fixedW[isp];
  }
  return { isps: N, dtH, pv: [], lights: [], ev: [], battery: [], fixedW, fixedCost, rowLoW, rowHiW, shortfallSign, shortfallPricePerKWh: problem.shortfallPricePerKWh };
}

/** True when an EV can shift energy at all (it can charge and stays past ISP 0). */
export const evMovable = (ev: { maxW: number; departureIsp: number }): boolean => ev.maxW > 0 && ev.departureIsp > 0;

/** A lone EV as its own class: exact. */
export function evSingleton(problem: DispatchProblem, s: number): EvClass {
  const ev = problem.segments[s].ev!;
  const k = ev.departureIsp;
  const loW = new Float64Array(k);
  const hiW = new Float64Array(k);
  let plannedWh = 0;
  for (let t = 0; t < k; t++) {
    loW[t] = -ev.plannedW[t];
    hiW[t] = ev.maxW - ev.plannedW[t];
    plannedWh += ev.plannedW[t] * ispHours(problem);
  }
  return { costPerKWh: ev.shiftCostPerKWh, departureIsp: k, loW, hiW, shiftWh: ev.needWh - plannedWh, members: [s], shares: [1] };
}

/** A lone battery as its own class: exact. */
export function batterySingleton(problem: DispatchProblem, s: number): BatteryClass {
  const b = problem.segments[s].battery!;
  return {
    costPerKWh: b.cycleCostPerKWh,
    efficiency: b.efficiency,
    chargeMaxW: b.maxChargeW,
    dischargeMaxW: b.maxDischargeW,
    socLoWh: b.minWh - b.socWh,
    socHiWh: b.maxWh - b.socWh,
    members: [s],
    chargeShares: [1],
    dischargeShares: [1],
  };
}

/** The full model: one class per device, nothing aggregated. */
export function singletonModel(problem: DispatchProblem): ClassModel {
  const model = baseModel(problem);
  problem.segments.forEach((segment, s) => {
    if (segment.pv) model.pv.push({ costPerKWh: segment.pv.curtailCostPerKWh, capW: Float64Array.from(segment.pv.availableW), members: [s] });
    if (segment.lights) {
      const share = 1 - segment.lights.minPct / 100;
      model.lights.push({ costPerKWh: segment.lights.dimCostPerKWh, capW: Float64Array.from(segment.lights.plannedW, (w) => share * w), members: [s] });
    }
    if (segment.ev && evMovable(segment.ev)) model.ev.push(evSingleton(problem, s));
    if (segment.battery) model.battery.push(batterySingleton(problem, s));
  });
  return model;
}
