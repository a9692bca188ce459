/**
 * The one safety check every outgoing setpoint passes just before it leaves (issue 10 §3): device
 * ratings, the EV energy promised before departure, the lighting minimum while lit, battery power and
 * state of charge, and the node's limits on the ISPs that were not ordered. It judges the schedule the
 * setpoints imply (a device without a setpoint follows its plan), so a missing setpoint that leaves a
 * device on an impossible plan is caught too.
 *
 * Tolerances: every value is printed to 1e-3 W, so each bound allows the rounding and nothing more —
 * 1e-3 W on a device power (+1e-9 of its rating), 1e-3 Wh of EV energy per ISP before departure, 1e-3 Wh
 * of SoC per elapsed ISP (÷ η, and × dt when an ISP is longer than an hour), 1e-6 % on a dimming level,
 * and on the node 1e-3 W per segment that has a setpoint in that ISP.
 */
import type { DispatchProblem } from './problem';
import type { DeviceSchedule } from './schedule';
import { ispHours, scheduleFromSetpoints } from './schedule';
import type { DispatchSetpoint } from './solution';

export type ViolationRule =
  | 'malformed'
  | 'pv-limit'
  | 'lights-range'
  | 'ev-power'
  | 'ev-after-departure'
  | 'ev-energy'
  | 'battery-power'
  | 'battery-soc'
  | 'node-limit';

export interface SetpointViolation {
  rule: ViolationRule;
  /** null for a node-wide violation. */
  segmentId: string | null;
  /** null for a whole-horizon violation (EV energy). */
  isp: number | null;
  message: string;
}

export const POWER_TOLERANCE_W = 1e-3;
export const ENERGY_TOLERANCE_WH_PER_ISP = 1e-3;
const RELATIVE_TOLERANCE = 1e-9;

const fmt = (value: number): string => String(Math.round(value * 1e6) / 1e6);

/** The violations of a set of setpoints: an empty list means safe to publish. */
export function checkSetpoints(problem: DispatchProblem, setpoints: readonly DispatchSetpoint[]): SetpointViolation[] {
  const { schedule, issues } = scheduleFromSetpoints(problem, setpoints);
  const violations: SetpointViolation[] = issues.map((message) => ({ rule: 'malformed', segmentId: null, isp: null, message }));
  const setpointsPerIsp = new Array<number>(problem.isps).fill(0);
  for (const setpoint of setpoints) {
    if (setpoint.isp >= 0 && setpoint.isp < problem.isps) setpointsPerIsp[setpoint.isp]++;
    if (setpoint.pvLimitW !== undefined && setpoint.pvLimitW < -POWER_TOLERANCE_W) {
      violations.push({ rule: 'pv-limit', segmentId: setpoint.segmentId, isp: setpoint.isp, message: `pvLimitW ${fmt(setpoint.pvLimitW)} is negative` });
    }
  }
  checkDevices(problem, schedule, violations);
  checkNode(problem, schedule, setpointsPerIsp, violations);
  return violations;
}

function checkDevices(problem: DispatchProblem, schedule: DeviceSchedule, out: SetpointViolation[]): void {
  const N = problem.isps;
  const dtH = ispHours(problem);
  problem.segments.forEach((segment, s) => {
    const push = (rule: ViolationRule, isp: number | null, message: string): void => void out.push({ rule, segmentId: segment.id, isp, message });
    const { lights, ev, battery } = segment;
    if (lights) {
      for (let t = 0; t < N; t++) {
        const plannedW = lights.plannedW[t];
        if (plannedW <= 0) continue; // Off: no minimum to keep, and any level draws nothing.
        const w = schedule.lightsW[s * N + t];
        const tol = POWER_TOLERANCE_W + RELATIVE_TOLERANCE * plannedW;
        if (w < (lights.minPct / 100) * plannedW - tol || w > plannedW + tol) {
          push('lights-range', t, `lights at ${fmt((100 * w) / plannedW)} % of plan, outside [${lights.minPct}, 100] %`);
        }
      }
    }
    if (ev) {
      const k = ev.departureIsp;
      const tol = POWER_TOLERANCE_W + RELATIVE_TOLERANCE * ev.maxW;
      let energyWh = 0;
      for (let t = 0; t < N; t++) {
        const w = schedule.evW[s * N + t];
        if (t >= k) {
          if (Math.abs(w) > POWER_TOLERANCE_W) push('ev-after-departure', t, `EV charging ${fmt(w)} W at or after departure ISP ${k}`);
        } else {
          energyWh += w * dtH;
          if (w < -tol || w > ev.maxW + tol) push('ev-power', t, `EV charging ${fmt(w)} W outside [0, ${ev.maxW}] W`);
        }
      }
      const energyTol = ENERGY_TOLERANCE_WH_PER_ISP * Math.max(1, k) * Math.max(1, dtH) + RELATIVE_TOLERANCE * ev.needWh;
      if (Math.abs(energyWh - ev.needWh) > energyTol) push('ev-energy', null, `EV takes ${fmt(energyWh)} Wh before departure, promised ${ev.needWh} Wh`);
    }
    if (battery) {
      const powerTol = POWER_TOLERANCE_W + RELATIVE_TOLERANCE * Math.max(battery.maxChargeW, battery.maxDischargeW);
      let socWh = battery.socWh;
      for (let t = 0; t < N; t++) {
        const w = schedule.batteryW[s * N + t];
        if (w > battery.maxChargeW + powerTol || -w > battery.maxDischargeW + powerTol) {
          push('battery-power', t, `battery ${fmt(w)} W outside [−${battery.maxDischargeW}, ${battery.maxChargeW}] W`);
        }
        // A net setpoint charges or discharges, never both: the SoC moves by η·P or P/η.
        socWh += (w >= 0 ? battery.efficiency * w : w / battery.efficiency) * dtH;
        const tol = (ENERGY_TOLERANCE_WH_PER_ISP * (t + 1) * Math.max(1, dtH)) / battery.efficiency + RELATIVE_TOLERANCE * battery.maxWh;
        if (socWh < battery.minWh - tol || socWh > battery.maxWh + tol) {
          push('battery-soc', t, `battery SoC ${fmt(socWh)} Wh at the end of ISP ${t}, outside [${battery.minWh}, ${battery.maxWh}] Wh`);
        }
      }
    }
  });
}

function checkNode(problem: DispatchProblem, schedule: DeviceSchedule, setpointsPerIsp: number[], out: SetpointViolation[]): void {
  const N = problem.isps;
  const ordered = new Set(problem.order.map((o) => o.isp));
  const deliveredW = new Array<number>(N).fill(0);
  problem.segments.forEach((segment, s) => {
    for (let t = 0; t < N; t++) {
      const at = s * N + t;
      if (segment.pv) deliveredW[t] += segment.pv.availableW[t] - schedule.pvW[at];
      if (segment.lights) deliveredW[t] += schedule.lightsW[at] - segment.lights.plannedW[t];
      if (segment.ev) deliveredW[t] += schedule.evW[at] - segment.ev.plannedW[t];
      if (segment.battery) deliveredW[t] += schedule.batteryW[at];
    }
  });
  const { baselineW, importLimitW, exportLimitW } = problem.node;
  for (let t = 0; t < N; t++) {
    if (ordered.has(t)) continue; // The order decides there; "elsewhere" is where a dispatch must not create congestion.
    const netW = baselineW[t] + deliveredW[t];
    const lowW = Math.min(-exportLimitW, baselineW[t]);
    const highW = Math.max(importLimitW, baselineW[t]);
    const tol = POWER_TOLERANCE_W * Math.max(1, setpointsPerIsp[t]);
    if (netW < lowW - tol || netW > highW + tol) {
      out.push({ rule: 'node-limit', segmentId: null, isp: t, message: `node ${problem.node.id} at ${fmt(netW)} W, outside [${fmt(lowW)}, ${fmt(highW)}] W` });
    }
  }
}
