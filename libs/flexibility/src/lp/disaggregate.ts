/**
 * Class decisions back to every segment's devices, then a last polish of each device on its own.
 *
 * The split is proportional: PV curtailment and light dimming by each member's room in that ISP, EV
 * shift and battery power by the class's shares. For the exact classes (copies up to scale, boxes) this
 * is the Minkowski decomposition; for the conservative classes it lands inside each member's set by
 * construction. The polish then only removes the solver's tolerance (≈1e-7 kW): it clamps each device
 * to its ratings, puts an EV's energy back to exactly its need, and keeps a battery's SoC within its
 * limits under net power (a setpoint charges or discharges, never both).
 */
import type { DispatchProblem } from '../problem';
import type { DeviceSchedule } from '../schedule';
import { ispHours, planSchedule } from '../schedule';
import type { ClassModel } from './class-model';
import { evMovable } from './class-model';
import type { ClassDecision } from './lp-build';

export function disaggregate(problem: DispatchProblem, model: ClassModel, decision: ClassDecision): DeviceSchedule {
  const N = problem.isps;
  const schedule = planSchedule(problem);
  const { segments } = problem;
  model.pv.forEach((k, j) => {
    for (let t = 0; t < N; t++) {
      const curtailW = decision.pvW[j][t];
      if (!(curtailW > 0) || !(k.capW[t] > 0)) continue;
      const ratio = Math.min(1, curtailW / k.capW[t]);
      for (const s of k.members) schedule.pvW[s * N + t] = segments[s].pv!.availableW[t] * (1 - ratio);
    }
  });
  model.lights.forEach((k, j) => {
    for (let t = 0; t < N; t++) {
      const dimW = decision.lightsW[j][t];
      if (!(dimW > 0) || !(k.capW[t] > 0)) continue;
      const ratio = Math.min(1, dimW / k.capW[t]);
      for (const s of k.members) {
        const lights = segments[s].lights!;
        schedule.lightsW[s * N + t] = lights.plannedW[t] * (1 - ratio * (1 - lights.minPct / 100));
      }
    }
  });
  segments.forEach((segment, s) => {
    // Charging stops at departure (or at once for an EV that cannot charge), whatever was planned.
    if (segment.ev) schedule.evW.fill(0, s * N + (evMovable(segment.ev) ? segment.ev.departureIsp : 0), (s + 1) * N);
  });
  model.ev.forEach((k, j) => {
    k.members.forEach((s, m) => {
      for (let t = 0; t < k.departureIsp; t++) schedule.evW[s * N + t] += k.shares[m] * decision.evW[j][t];
    });
  });
  model.battery.forEach((k, j) => {
    k.members.forEach((s, m) => {
      for (let t = 0; t < N; t++) schedule.batteryW[s * N + t] = k.chargeShares[m] * decision.chargeW[j][t] - k.dischargeShares[m] * decision.dischargeW[j][t];
    });
  });
  polish(problem, schedule);
  return schedule;
}

function polish(problem: DispatchProblem, schedule: DeviceSchedule): void {
  const N = problem.isps;
  const dtH = ispHours(problem);
  problem.segments.forEach((segment, s) => {
    const { ev, battery } = segment;
    if (ev && evMovable(ev)) {
      const k = ev.departureIsp;
      let missingWh = ev.needWh;
      for (let t = 0; t < k; t++) {
        const at = s * N + t;
        schedule.evW[at] = Math.min(ev.maxW, Math.max(0, schedule.evW[at]));
        missingWh -= schedule.evW[at] * dtH;
      }
      // Put the residue where there is room, earliest first: a deterministic, tiny move.
      for (let t = 0; t < k && missingWh !== 0; t++) {
        const at = s * N + t;
        const next = Math.min(ev.maxW, Math.max(0, schedule.evW[at] + missingWh / dtH));
        missingWh -= (next - schedule.evW[at]) * dtH;
        schedule.evW[at] = next;
      }
    }
    if (battery) {
      let socWh = battery.socWh;
      for (let t = 0; t < N; t++) {
        const at = s * N + t;
        const chargeMaxW = Math.max(0, Math.min(battery.maxChargeW, (battery.maxWh - socWh) / (battery.efficiency * dtH)));
        const dischargeMaxW = Math.max(0, Math.min(battery.maxDischargeW, ((socWh - battery.minWh) * battery.efficiency) / dtH));
        const w = Math.min(chargeMaxW, Math.max(-dischargeMaxW, schedule.batteryW[at]));
        schedule.batteryW[at] = w;
        socWh += (w >= 0 ? battery.efficiency * w : w / battery.efficiency) * dtH;
      }
    }
  });
}
