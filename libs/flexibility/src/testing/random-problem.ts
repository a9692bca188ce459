/**
 * Seeded random dispatch problems for the property tests: segments drawn from a handful of device
 * templates, each scaled by a random factor and, for some, perturbed (ratings, plans, state of
 * charge), so that the grouped path meets exact copies, near copies and strays at once. Plans are
 * mostly what a charger does on its own (full power until the car is full); some are plain forecasts
 * that do not meet the energy equation, as the issue allows.
 */
import { ISP_MS } from '@trottoir/kernel';
import { Prng } from '@trottoir/kernel';

import type { BatteryBlock, DispatchProblem, DispatchSegment, EvBlock } from '../problem';

export interface RandomProblemOptions {
  segments: number;
  isps: number;
  /** Number of device templates (default 5). */
  templates?: number;
  /** Share of segments whose parameters are perturbed off their template (default 0.3). */
  perturbed?: number;
  /** Order size as a share of what the fleet could move at that ISP (default: random in [0.05, 1.2]). */
  orderShare?: number;
}

const COSTS = [0.02, 0.05, 0.1, 0.2];

interface Template {
  pvPeakW: number;
  lightsW: number;
  minPct: number;
  evMaxW: number;
  batteryWh: number;
  costs: number[];
}

function template(rng: Prng): Template {
  return {
    pvPeakW: rng.between(1_000, 15_000),
    lightsW: rng.chance(0.8) ? rng.int(2, 10) * rng.between(30, 150) : 0,
    minPct: rng.pick([0, 20, 30, 40, 50]),
    evMaxW: rng.chance(0.6) ? rng.pick([7_400, 11_000, 22_000, 50_000]) : 0,
    batteryWh: rng.chance(0.4) ? rng.between(10_000, 100_000) : 0,
    costs: [rng.pick(COSTS), rng.pick(COSTS), rng.pick(COSTS), rng.pick(COSTS)],
  };
}

function randomEv(rng: Prng, maxW: number, isps: number, dtH: number, cost: number): EvBlock {
  const departureIsp = rng.chance(0.1) ? 0 : rng.int(1, isps);
  const plannedW = new Array<number>(isps).fill(0);
  if (rng.chance(0.15)) {
    // A plain forecast: any plan, and a need that can still be met.
    for (let t = 0; t < isps; t++) plannedW[t] = rng.chance(0.5) ? rng.between(0, maxW) : 0;
    return { plannedW, maxW, needWh: rng.between(0, 1) * maxW * departureIsp * dtH, departureIsp, shiftCostPerKWh: cost };
  }
  // What the charger does alone: full power until the need is met. Whole ISPs are common (a car that stays).
  const needWh = rng.chance(0.4) ? rng.int(0, departureIsp) * maxW * dtH : rng.between(0, 1) * maxW * departureIsp * dtH;
  let remainingWh = needWh;
  for (let t = 0; t < departureIsp; t++) {
    plannedW[t] = Math.min(maxW, remainingWh / dtH);
    remainingWh -= plannedW[t] * dtH;
  }
  return { plannedW, maxW, needWh: needWh - remainingWh, departureIsp, shiftCostPerKWh: cost };
}

function randomBattery(rng: Prng, capacityWh: number, cost: number, perturbed: boolean): BatteryBlock {
  const minWh = 0.1 * capacityWh;
  const maxWh = 0.9 * capacityWh;
  const powerW = (perturbed ? rng.between(0.3, 1) : 0.5) * capacityWh;
  return {
    socWh: rng.chance(0.2) ? rng.pick([minWh, maxWh]) : rng.between(minWh, maxWh),
    minWh,
    maxWh,
    maxChargeW: powerW,
    maxDischargeW: powerW,
    efficiency: perturbed && rng.chance(0.5) ? 0.9 : 0.95,
    cycleCostPerKWh: cost,
  };
}

export function randomProblem(seed: number, options: RandomProblemOptions): DispatchProblem {
  const rng = Prng.fromSeed(seed);
  const N = options.isps;
  const dtH = ISP_MS / 3_600_000;
  const templates = Array.from({ length: options.templates ?? 5 }, () => template(rng));
  const sun = Array.from({ length: N }, () => rng.between(0, 1));
  const night = Array.from({ length: N }, () => rng.chance(0.5));
  const segments: DispatchSegment[] = [];
  for (let i = 0; i < options.segments; i++) {
    const base = rng.pick(templates);
    const scale = rng.between(0.5, 2);
    const perturbed = rng.chance(options.perturbed ?? 0.3);
    const jitter = (): number => (perturbed ? rng.between(0.8, 1.2) : 1);
    const segment: DispatchSegment = { id: `seg-${String(i).padStart(6, '0')}` };
    if (rng.chance(0.95)) segment.pv = { availableW: sun.map((s) => s * base.pvPeakW * scale * jitter()), curtailCostPerKWh: base.costs[0] };
    if (base.lightsW > 0) segment.lights = { plannedW: night.map((on) => (on ? base.lightsW * scale * jitter() : 0)), minPct: base.minPct, dimCostPerKWh: base.costs[1] };
    if (base.evMaxW > 0 && rng.chance(0.7)) segment.ev = randomEv(rng, base.evMaxW * (perturbed ? rng.pick([0.5, 1, 2]) : 1), N, dtH, base.costs[2]);
    if (base.batteryWh > 0) segment.battery = randomBattery(rng, base.batteryWh * scale, base.costs[3], perturbed);
    segments.push(segment);
  }
  // How far the fleet could move the node up and down at each ISP, to size orders and limits.
  const upW = new Array<number>(N).fill(0);
  const downW = new Array<number>(N).fill(0);
  for (const s of segments) {
    for (let t = 0; t < N; t++) {
      upW[t] += (s.pv?.availableW[t] ?? 0) + (s.battery?.maxChargeW ?? 0) + (s.ev && t < s.ev.departureIsp ? s.ev.maxW - s.ev.plannedW[t] : 0);
      downW[t] += (s.lights ? s.lights.plannedW[t] * (1 - s.lights.minPct / 100) : 0) + (s.battery?.maxDischargeW ?? 0) + (s.ev?.plannedW[t] ?? 0);
    }
  }
  const orderedIsps = Array.from({ length: N }, (_, t) => t).filter(() => rng.chance(0.5));
  if (orderedIsps.length === 0) orderedIsps.push(rng.int(0, N - 1));
  const order = orderedIsps.map((isp) => {
    const share = options.orderShare ?? rng.between(0.05, 1.2);
    const deltaW = rng.chance(0.5) ? share * upW[isp] : -share * downW[isp];
    return { isp, deltaW: deltaW === 0 ? 1 : deltaW };
  });
  const peakW = Math.max(1, ...upW, ...downW);
  const baselineW = Array.from({ length: N }, () => rng.between(-0.5, 0.5) * peakW);
  return {
    version: 1,
    ispMs: ISP_MS,
    start: Date.UTC(2026, 5, 21, 8) ,
    isps: N,
    node: { id: 'lv-1', baselineW, importLimitW: rng.between(0.3, 1) * peakW, exportLimitW: rng.between(0.3, 1) * peakW },
    order,
    shortfallPricePerKWh: rng.pick([0.5, 2, 10]),
    segments,
  };
}
