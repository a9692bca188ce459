/**
 * A schedule as setpoints: one per segment and ISP where at least one device leaves its plan, holding
 * only the devices that do, with the rounding of solution.ts. A device whose rounded value equals its
 * rounded plan gets no setpoint (it follows its plan, which is then within 1e-3 W of the decision).
 */
import type { DispatchProblem } from './problem';
import type { DeviceSchedule } from './schedule';
import type { DispatchSetpoint } from './solution';
import { roundPct, roundW } from './solution';

/** Segment indices by id in code-unit order, cached per problem (sorting 100,000 ids is not free). */
const orderCache = new WeakMap<DispatchProblem, Int32Array>();
function idOrder(problem: DispatchProblem): Int32Array {
  let order = orderCache.get(problem);
  if (!order) {
    const ids = problem.segments.map((segment) => segment.id);
    order = Int32Array.from(ids.keys()).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
    orderCache.set(problem, order);
  }
  return order;
}

/** The setpoints of a schedule, sorted by segment id then ISP. */
export function setpointsOf(problem: DispatchProblem, schedule: DeviceSchedule): DispatchSetpoint[] {
  const N = problem.isps;
  const out: DispatchSetpoint[] = [];
  for (const s of idOrder(problem)) {
    const { id, pv, lights, ev, battery } = problem.segments[s];
    for (let t = 0; t < N; t++) {
      const at = s * N + t;
      let setpoint: DispatchSetpoint | undefined;
      const get = (): DispatchSetpoint => (setpoint ??= { segmentId: id, isp: t });
      if (pv) {
        const limitW = roundW(schedule.pvW[at]);
        if (limitW < roundW(pv.availableW[t])) get().pvLimitW = limitW;
      }
      if (lights && lights.plannedW[t] > 0) {
        const pct = Math.max(lights.minPct, roundPct((100 * schedule.lightsW[at]) / lights.plannedW[t]));
        if (pct < 100) get().lightsPct = pct;
      }
      if (ev) {
        const w = roundW(schedule.evW[at]);
        if (w !== roundW(ev.plannedW[t])) get().evLimitW = w;
      }
      if (battery) {
        const w = roundW(schedule.batteryW[at]);
        if (w !== 0) get().batteryPowerW = w;
      }
      if (setpoint) out.push(setpoint);
    }
  }
  return out;
}
