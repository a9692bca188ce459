/**
 * The realistic evening problems of dispatch-solver.bench.ts: a seeded city's segments under one grid
 * node, 4 ISPs from 18:00 UTC in January, an order to cut the node's import in ISPs 1 and 2.
 */
import type { Segment } from '@trottoir/contracts';
import type { Prng } from '@trottoir/kernel';
import type { DispatchProblem, DispatchSegment } from '@trottoir/flexibility';
import { HOUR_MS, ISP_MS } from '@trottoir/kernel';

export const N = 4;
const dtH = ISP_MS / HOUR_MS;
const START = Date.UTC(2026, 0, 14, 18);
/** Prices per kWh: lost feed-in for PV, a comfort price for lights, the charging operator's for EVs, wear for batteries. */
const COSTS = { pv: 0.1, lights: 0.05, ev: 0.15, battery: 0.03, shortfall: 2 };

/** One evening of one segment: what each device would do without dispatch. */
function evening(segment: Segment, rng: Prng): DispatchSegment {
  const out: DispatchSegment = { id: segment.segmentId };
  const inverterW = segment.pv?.inverterLimitW ?? 0;
  // The sun sets during the hour; flat, soiled, shaded tiles give a small share of their rating.
  if (inverterW > 0) out.pv = { availableW: [0.06, 0.03, 0.01, 0].map((share) => share * inverterW * rng.between(0.4, 0.9)), curtailCostPerKWh: COSTS.pv };
  const lightsW = (segment.lighting?.count ?? 0) * (segment.lighting?.ratedPowerWEach ?? 0);
  if (lightsW > 0) out.lights = { plannedW: new Array<number>(N).fill(lightsW), minPct: segment.lighting?.minDimmingPct ?? 0, dimCostPerKWh: COSTS.lights };
  const activeW = segment.evConnectors.filter(() => rng.chance(0.6)).reduce((sum, c) => sum + c.maxPowerW, 0);
  if (activeW > 0) {
    // Charging at full power until the energy due within the horizon is in: the charger's own plan.
    const departureIsp = rng.chance(0.5) ? N : rng.int(1, N);
    const needWh = Math.min(activeW * departureIsp * dtH, rng.between(0.2, 1.2) * activeW * departureIsp * dtH);
    let remainingWh = needWh;
    const plannedW = new Array<number>(N).fill(0).map((_, t) => {
      const w = t < departureIsp ? Math.min(activeW, remainingWh / dtH) : 0;
      remainingWh -= w * dtH;
      return w;
    });
    out.ev = { plannedW, maxW: activeW, needWh: needWh - remainingWh, departureIsp, shiftCostPerKWh: COSTS.ev };
  }
  const battery = segment.battery;
  if (battery && battery.capacityWh > 0) {
    const minWh = (battery.socMinPct / 100) * battery.capacityWh;
    const maxWh = (battery.socMaxPct / 100) * battery.capacityWh;
    out.battery = {
      socWh: rng.chance(0.15) ? minWh : rng.between(minWh, maxWh),
      minWh,
      maxWh,
      maxChargeW: battery.maxChargeW,
      maxDischargeW: battery.maxDischargeW,
      efficiency: 0.95,
      cycleCostPerKWh: COSTS.battery,
    };
  }
  return out;
}

export function eveningProblem(segments: Segment[], rng: Prng): DispatchProblem {
  const dispatchSegments = segments.map((segment) => evening(segment, rng));
  const netW = new Array<number>(N).fill(0);
  const downW = new Array<number>(N).fill(0);
  for (const s of dispatchSegments) {
    for (let t = 0; t < N; t++) {
      netW[t] += (s.lights?.plannedW[t] ?? 0) + (s.ev?.plannedW[t] ?? 0) - (s.pv?.availableW[t] ?? 0);
      downW[t] += (s.lights ? s.lights.plannedW[t] * (1 - s.lights.minPct / 100) : 0) + (s.ev?.plannedW[t] ?? 0) + (s.battery?.maxDischargeW ?? 0);
    }
  }
  // Other customers below the node draw as much again. The order asks ISPs 1 and 2 for 10–60 % of what the
  // fleet could cut there; the import limit leaves 5–25 % of headroom in ISPs 0 and 3 for the EV rebound.
  const baselineW = netW.map((w) => 2 * w);
  const importLimitW = Math.max(baselineW[0], baselineW[3]) * rng.between(1.05, 1.25);
  const order = [1, 2].map((isp) => ({ isp, deltaW: -Math.max(1, rng.between(0.1, 0.6) * downW[isp]) }));
  return { version: 1, ispMs: ISP_MS, start: START, isps: N, node: { id: 'bench-node', baselineW, importLimitW, exportLimitW: importLimitW }, order, shortfallPricePerKWh: COSTS.shortfall, segments: dispatchSegments };
}

