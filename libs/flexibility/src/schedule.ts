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
  const seen = new Set<number>();
  setpoints.forEach((setpoint, i) => {
    const where = `setpoints[${i}] (${setpoint.segmentId}, ISP ${setpoint.isp})`;
    const s = index.get(setpoint.segmentId);
    if (s === undefined) return void issues.push(`${where}: unknown segment`);
    if (!Number.isInteger(setpoint.isp) || setpoint.isp < 0 || setpoint.isp >= N) return void issues.push(`${where}: ISP outside [0, ${N - 1}]`);
    const at = s * N + setpoint.isp;
    if (seen.has(at)) issues.push(`${where}: a second setpoint for the same segment and ISP`);
    seen.add(at);
    const segment = problem.segments[s];
    const apply = (value: number | undefined, device: 'pv' | 'lights' | 'ev' | 'battery', write: (v: number) => void): void => {
      if (value === undefined) return;
      if (!segment[device]) return void issues.push(`${where}: the segment has no ${device}`);
      if (typeof value !== 'number' || !Number.isFinite(value)) return void issues.push(`${where}: ${device} value is not a finite number`);
      write(value);
    };
    apply(setpoint.pvLimitW, 'pv', (v) => (schedule.pvW[at] = Math.min(segment.pv?.availableW[setpoint.isp] ?? 0, v)));
    apply(setpoint.lightsPct, 'lights', (v) => (schedule.lightsW[at] = (v / 100) * (segment.lights?.plannedW[setpoint.isp] ?? 0)));
    apply(setpoint.evLimitW, 'ev', (v) => (schedule.evW[at] = v));
    apply(setpoint.batteryPowerW, 'battery', (v) => (schedule.batteryW[at] = v));
  });
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
