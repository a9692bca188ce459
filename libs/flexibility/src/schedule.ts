/**
 * What every device does in every ISP, as flat arrays: the common ground of the solvers (which write it),
 * of the setpoints (which are read into it: a device without a setpoint follows its plan) and of the
 * evaluation and safety check (which read it). Segment-major: the value of segment s at ISP t is at
 * s·isps + t; NaN where the segment has no such device.
 */
import { HOUR_MS } from '@trottoir/kernel';

import type { DispatchProblem } from './problem';
import type { DispatchSetpoint } from './solution';
import { roundCost, roundW, roundWh } from './solution';

export interface DeviceSchedule {
  /** PV output, W. */
  pvW: Float64Array;
  /** Street-light draw, W. */
  lightsW: Float64Array;
  /** EV charging, W. */
  evW: Float64Array;
  /** Battery power, W, charge +. */
  batteryW: Float64Array;
}

/** ISP length in hours: the `dt` of every energy sum. */
export const ispHours = (problem: DispatchProblem): number => problem.ispMs / HOUR_MS;

/** Every device on its plan (battery idle). */
export function planSchedule(problem: DispatchProblem): DeviceSchedule {
  const n = problem.segments.length * problem.isps;
  const schedule: DeviceSchedule = {
    pvW: new Float64Array(n).fill(NaN),
    lightsW: new Float64Array(n).fill(NaN),
    evW: new Float64Array(n).fill(NaN),
    batteryW: new Float64Array(n).fill(NaN),
  };
  const N = problem.isps;
  problem.segments.forEach((segment, s) => {
    if (segment.pv) schedule.pvW.set(segment.pv.availableW, s * N);
    if (segment.lights) schedule.lightsW.set(segment.lights.plannedW, s * N);
    if (segment.ev) schedule.evW.set(segment.ev.plannedW, s * N);
    if (segment.battery) schedule.batteryW.fill(0, s * N, (s + 1) * N);
  });
  return schedule;
}

/** Segment index by id, kept per problem object: a 100,000-segment map is worth building once. */
const indexCache = new WeakMap<DispatchProblem, Map<string, number>>();
export function segmentIndex(problem: DispatchProblem): Map<string, number> {
  let index = indexCache.get(problem);
  if (!index) {
    index = new Map(problem.segments.map((segment, s) => [segment.id, s]));
    indexCache.set(problem, index);
  }
  return index;
}

/**
 * The schedule the setpoints imply, and what in them cannot be applied at all (unknown segment, ISP
 * outside the horizon, a setpoint for a device the segment lacks, a value that is not a finite number,
 * two setpoints for one segment and ISP). Values out of range are applied as given: judging them is
 * the safety check's job.
 */
export function scheduleFromSetpoints(problem: DispatchProblem, setpoints: readonly DispatchSetpoint[]): { schedule: DeviceSchedule; issues: string[] } {
  const schedule = planSchedule(problem);
  const issues: string[] = [];
  const index = segmentIndex(problem);
  const N = problem.isps;
  // One byte per segment and ISP: 100,000 × 96 is 10 MB at most, and far cheaper than a Set of numbers.
  const seen = new Uint8Array(problem.segments.length * N);
  // Messages are built only for a setpoint that has a problem: on the hot path nothing is concatenated.
  const where = (i: number): string => `setpoints[${i}] (${setpoints[i].segmentId}, ISP ${setpoints[i].isp})`;
  const bad = (value: number): boolean => typeof value !== 'number' || !Number.isFinite(value);
  for (let i = 0; i < setpoints.length; i++) {
    const { segmentId, isp, pvLimitW, lightsPct, evLimitW, batteryPowerW } = setpoints[i];
    const s = index.get(segmentId);
    if (s === undefined) {
      issues.push(`${where(i)}: unknown segment`);
      continue;
    }
    if (!Number.isInteger(isp) || isp < 0 || isp >= N) {
      issues.push(`${where(i)}: ISP outside [0, ${N - 1}]`);
      continue;
    }
    const at = s * N + isp;
    if (seen[at]) issues.push(`${where(i)}: a second setpoint for the same segment and ISP`);
    seen[at] = 1;
    const { pv, lights, ev, battery } = problem.segments[s];
    const check = (value: number, device: string, present: unknown): boolean => {
      if (!present) issues.push(`${where(i)}: the segment has no ${device}`);
      else if (bad(value)) issues.push(`${where(i)}: ${device} value is not a finite number`);
      else return true;
      return false;
    };
    if (pvLimitW !== undefined && check(pvLimitW, 'pv', pv)) schedule.pvW[at] = Math.min(pv!.availableW[isp], pvLimitW);
    if (lightsPct !== undefined && check(lightsPct, 'lights', lights)) schedule.lightsW[at] = (lightsPct / 100) * lights!.plannedW[isp];
    if (evLimitW !== undefined && check(evLimitW, 'ev', ev)) schedule.evW[at] = evLimitW;
    if (batteryPowerW !== undefined && check(batteryPowerW, 'battery', battery)) schedule.batteryW[at] = batteryPowerW;
  }
  return { schedule, issues };
}

export interface DispatchEvaluation {
  deliveredW: number[];
  shortfallWh: number;
  objective: number;
}

/** Delivered power, shortfall and cost of a schedule, unrounded (summed in segment order). */
export function evaluateSchedule(problem: DispatchProblem, schedule: DeviceSchedule): DispatchEvaluation {
  const N = problem.isps;
  const dtH = ispHours(problem);
  const deliveredW = new Array<number>(N).fill(0);
  let costPerW = 0; // Σ c·ΔW over devices and ISPs; × dt/1000 at the end.
  problem.segments.forEach((segment, s) => {
    for (let t = 0; t < N; t++) {
      const at = s * N + t;
      if (segment.pv) {
        const curtailedW = segment.pv.availableW[t] - schedule.pvW[at];
        deliveredW[t] += curtailedW;
        costPerW += segment.pv.curtailCostPerKWh * curtailedW;
      }
      if (segment.lights) {
        const dimmedW = segment.lights.plannedW[t] - schedule.lightsW[at];
        deliveredW[t] -= dimmedW;
        costPerW += segment.lights.dimCostPerKWh * dimmedW;
      }
      if (segment.ev) {
        const shiftW = schedule.evW[at] - segment.ev.plannedW[t];
        deliveredW[t] += shiftW;
        costPerW += segment.ev.shiftCostPerKWh * Math.max(0, -shiftW);
      }
      if (segment.battery) {
        deliveredW[t] += schedule.batteryW[at];
        costPerW += segment.battery.cycleCostPerKWh * Math.abs(schedule.batteryW[at]);
      }
    }
  });
  let shortfallWh = 0;
  for (const { isp, deltaW } of problem.order) {
    shortfallWh += (deltaW > 0 ? Math.max(0, deltaW - deliveredW[isp]) : Math.max(0, deliveredW[isp] - deltaW)) * dtH;
  }
  const objective = (costPerW * dtH) / 1000 + (problem.shortfallPricePerKWh * shortfallWh) / 1000;
  return { deliveredW, shortfallWh, objective };
}

/**
 * Recomputes `deliveredW`, `shortfallWh` and the objective from the setpoints alone (a device without a
 * setpoint follows its plan), rounded as the solution prints them. Setpoints that cannot be applied are
 * ignored here; `checkSetpoints` reports them.
 */
export function evaluateSetpoints(problem: DispatchProblem, setpoints: readonly DispatchSetpoint[]): DispatchEvaluation {
  const { deliveredW, shortfallWh, objective } = evaluateSchedule(problem, scheduleFromSetpoints(problem, setpoints).schedule);
  return { deliveredW: deliveredW.map(roundW), shortfallWh: roundWh(shortfallWh), objective: roundCost(objective) };
}

export interface CommandedChange {
  segmentId: string;
  /** ISP index in the problem. */
  isp: number;
  /** The change of the segment's net power its setpoints ask for against its plan, W (+ = more import). */
  changeW: number;
}

/**
 * Each segment's commanded change of net power per ISP, for the segments and ISPs that have a setpoint:
 * PV curtailed (+), lights dimmed (−), EV charging moved (±), battery power (±), the same terms
 * `evaluateSchedule` sums for the node. Settlement shares a node's delivery among segments by it.
 */
export function commandedChangesW(problem: DispatchProblem, setpoints: readonly DispatchSetpoint[]): CommandedChange[] {
  const { schedule } = scheduleFromSetpoints(problem, setpoints);
  const index = segmentIndex(problem);
  const N = problem.isps;
  const seen = new Set<string>();
  const changes: CommandedChange[] = [];
  for (const { segmentId, isp } of setpoints) {
    const s = index.get(segmentId);
    const key = `${segmentId}\u0000${isp}`;
    if (s === undefined || !Number.isInteger(isp) || isp < 0 || isp >= N || seen.has(key)) continue;
    seen.add(key);
    const at = s * N + isp;
    const { pv, lights, ev, battery } = problem.segments[s];
    let changeW = 0;
    if (pv) changeW += pv.availableW[isp] - schedule.pvW[at];
    if (lights) changeW -= lights.plannedW[isp] - schedule.lightsW[at];
    if (ev) changeW += schedule.evW[at] - ev.plannedW[isp];
    if (battery) changeW += schedule.batteryW[at];
    changes.push({ segmentId, isp, changeW: roundW(changeW) });
  }
  return changes;
}
