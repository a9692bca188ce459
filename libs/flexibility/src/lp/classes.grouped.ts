/**
 * Fleet-scale grouping (README "The aggregated path"). One partition of the devices gives two models:
 *
 * - `conservative`: every class's set is contained in each member's own set once split by the class's
 *   shares, so whatever the LP picks, every single segment stays feasible (an upper bound on the cost);
 * - `relaxed`: every class's set contains the sum of its members' sets (a lower bound on the cost of the
 *   full LP).
 *
 * Where members are exact copies up to scale the two coincide and the grouping is exact:
 * PV curtailment and light dimming by cost (boxes per ISP), batteries whose SoC cannot bind within the
 * horizon by efficiency and cost (boxes too). EVs group by departure, cost and their plan as a share of
 * maxW; batteries by efficiency, cost, power per Wh and SoC headroom per Wh; both binned at `resolution`
 * (bins per unit share), with the exact values 0 and 1 (idle, full power, empty headroom) in bins of
 * their own. The caller refines the resolution until the two bounds are close enough.
 */
import type { DispatchProblem } from '../problem';
import type { BatteryClass, ClassModel, EvClass } from './class-model';
import { baseModel, batterySingleton, evMovable, evSingleton } from './class-model';

export interface GroupedModels {
  conservative: ClassModel;
  relaxed: ClassModel;
}

/** Plans whose energy differs from the need by less than this are treated as meeting it (polish closes the gap). */
const PLAN_ENERGY_SLACK_WH = 1e-6;

function bin(share: number, resolution: number): number {
  if (share <= 0) return -1;
  if (share >= 1) return -2;
  return Math.floor(share * resolution);
}

/** Log-scale bin for ratios that are not shares (power per Wh): relative width 1/resolution. */
function logBin(ratio: number, resolution: number): number {
  return ratio <= 0 ? -1 : Math.floor(Math.log(ratio) / Math.log1p(1 / resolution));
}

interface EvGroup {
  first: number;
  members: number[];
  maxW: number[];
  sumMaxW: number;
  sumPlannedW: Float64Array;
  minShare: Float64Array;
  maxShare: Float64Array;
}

/**
 * The charger's own plan — full power for q whole ISPs, a fraction f of the next, then nothing — as (q, f);
 * undefined for any other shape.
 */
function chargerPlan(plannedW: number[], maxW: number, k: number): { whole: number; fraction: number } | undefined {
  let t = 0;
  while (t < k && plannedW[t] === maxW) t++;
  const whole = t;
  const fraction = t < k ? plannedW[t] / maxW : 0;
  if (t < k) t++;
  while (t < k && plannedW[t] === 0) t++;
  return t === k && fraction >= 0 && fraction < 1 ? { whole, fraction } : undefined;
}

function groupEvs(problem: DispatchProblem, resolution: number, conservative: ClassModel, relaxed: ClassModel): void {
  const dtH = conservative.dtH;
  const groups = new Map<string, EvGroup>();
  // Canonical charger classes: plan = maxW for `whole` ISPs then 0; members enter with a weight (W of maxW).
  const canonical = new Map<string, { k: number; whole: number; cost: number; members: number[]; weightsW: number[] }>();
  const addCanonical = (whole: number, share: number, s: number, maxW: number, k: number, cost: number): void => {
    if (share <= 0) return;
    const key = `${k}:${cost}:${whole}`;
    let group = canonical.get(key);
    if (!group) canonical.set(key, (group = { k, whole, cost, members: [], weightsW: [] }));
    group.members.push(s);
    group.weightsW.push(share * maxW);
  };
  problem.segments.forEach((segment, s) => {
    const ev = segment.ev;
    if (!ev || !evMovable(ev)) return;
    const k = ev.departureIsp;
    let plannedWh = 0;
    let regular = true;
    const bins: number[] = [];
    for (let t = 0; t < k; t++) {
      const share = ev.plannedW[t] / ev.maxW;
      if (share > 1) regular = false;
      plannedWh += ev.plannedW[t] * dtH;
      bins.push(bin(share, resolution));
    }
    // A plan that does not meet the need, or runs above maxW, is grouped with nothing: it stays exact.
    if (!regular || Math.abs(plannedWh - ev.needWh) > PLAN_ENERGY_SLACK_WH + 1e-12 * ev.needWh) {
      const single = evSingleton(problem, s);
      conservative.ev.push(single);
      relaxed.ev.push(single);
      return;
    }
    const charger = chargerPlan(ev.plannedW, ev.maxW, k);
    if (charger) {
      // (1−f)·B_q + f·B_{q+1} = B_{q+f}: the car is two canonical cars, each an exact copy of its class.
      addCanonical(charger.whole, 1 - charger.fraction, s, ev.maxW, k, ev.shiftCostPerKWh);
      if (charger.fraction > 0) addCanonical(charger.whole + 1, charger.fraction, s, ev.maxW, k, ev.shiftCostPerKWh);
      return;
    }
    const key = `${k}:${ev.shiftCostPerKWh}:${bins.join(',')}`;
    let group = groups.get(key);
    if (!group) {
      group = { first: s, members: [], maxW: [], sumMaxW: 0, sumPlannedW: new Float64Array(k), minShare: new Float64Array(k).fill(Infinity), maxShare: new Float64Array(k).fill(-Infinity) };
      groups.set(key, group);
    }
    group.members.push(s);
    group.maxW.push(ev.maxW);
    group.sumMaxW += ev.maxW;
    for (let t = 0; t < k; t++) {
      const share = ev.plannedW[t] / ev.maxW;
      group.sumPlannedW[t] += ev.plannedW[t];
      if (share < group.minShare[t]) group.minShare[t] = share;
      if (share > group.maxShare[t]) group.maxShare[t] = share;
    }
  });
  for (const group of canonical.values()) {
    const totalW = group.weightsW.reduce((a, b) => a + b, 0);
    const exact: EvClass = { costPerKWh: group.cost, departureIsp: group.k, loW: new Float64Array(group.k), hiW: new Float64Array(group.k), shiftWh: 0, members: group.members, shares: group.weightsW.map((w) => w / totalW) };
    for (let t = 0; t < group.k; t++) {
      exact.loW[t] = t < group.whole ? -totalW : 0;
      exact.hiW[t] = t < group.whole ? 0 : totalW;
    }
    conservative.ev.push(exact);
    relaxed.ev.push(exact);
  }
  for (const group of groups.values()) {
    const ev = problem.segments[group.first].ev!;
    const k = ev.departureIsp;
    const shares = group.maxW.map((w) => w / group.sumMaxW);
    // Each member moves by its share of D: share·D_t ∈ [−plan, maxW − plan] for all members ⟸ D_t/ΣmaxW ∈ [−min p, 1 − max p].
    const inner: EvClass = { costPerKWh: ev.shiftCostPerKWh, departureIsp: k, loW: new Float64Array(k), hiW: new Float64Array(k), shiftWh: 0, members: group.members, shares };
    const outer: EvClass = { ...inner, loW: new Float64Array(k), hiW: new Float64Array(k) };
    for (let t = 0; t < k; t++) {
      inner.loW[t] = -group.sumMaxW * group.minShare[t];
      inner.hiW[t] = group.sumMaxW * (1 - group.maxShare[t]);
      outer.loW[t] = -group.sumPlannedW[t];
      outer.hiW[t] = group.sumMaxW - group.sumPlannedW[t];
    }
    conservative.ev.push(inner);
    relaxed.ev.push(outer);
  }
}

interface BatteryGroup {
  box: boolean;
  members: number[];
  capacityWh: number[];
  chargeW: number[];
  dischargeW: number[];
  minChargePerWh: number;
  minDischargePerWh: number;
  minUpPerWh: number;
  minDownPerWh: number;
  /** Sums for the relaxed class. */
  sumUpWh: number;
  sumDownWh: number;
}

function groupBatteries(problem: DispatchProblem, resolution: number, conservative: ClassModel, relaxed: ClassModel): void {
  const horizonH = conservative.dtH * conservative.isps;
  const groups = new Map<string, BatteryGroup>();
  const oneIspCaps = new Map<number, [number, number]>();
  problem.segments.forEach((segment, s) => {
    const b = segment.battery;
    if (!b) return;
    const upWh = b.maxWh - b.socWh;
    const downWh = b.socWh - b.minWh;
    // A headroom larger than the battery can move in the whole horizon never binds.
    const upFree = upWh >= b.efficiency * b.maxChargeW * horizonH;
    const downFree = downWh >= (b.maxDischargeW * horizonH) / b.efficiency;
    let key: string;
    if (conservative.isps === 1) {
      // One ISP: the SoC limits are power limits, and each battery is a box of its own ratings.
      key = `box:1:${b.cycleCostPerKWh}`;
      const dtH = conservative.dtH;
      oneIspCaps.set(s, [Math.min(b.maxChargeW, upWh / (b.efficiency * dtH)), Math.min(b.maxDischargeW, (downWh * b.efficiency) / dtH)]);
    } else if (upFree && downFree) key = `box:${b.efficiency}:${b.cycleCostPerKWh}`;
    else if (b.maxWh > 0) {
      const k = b.maxWh;
      key = [
        b.efficiency,
        b.cycleCostPerKWh,
        logBin(b.maxChargeW / k, resolution),
        logBin(b.maxDischargeW / k, resolution),
        upFree ? 'f' : bin(upWh / k, resolution),
        downFree ? 'f' : bin(downWh / k, resolution),
      ].join(':');
    } else {
      const single = batterySingleton(problem, s);
      conservative.battery.push(single);
      relaxed.battery.push(single);
      return;
    }
    let group = groups.get(key);
    if (!group) {
      group = { box: key.startsWith('box:'), members: [], capacityWh: [], chargeW: [], dischargeW: [], minChargePerWh: Infinity, minDischargePerWh: Infinity, minUpPerWh: Infinity, minDownPerWh: Infinity, sumUpWh: 0, sumDownWh: 0 };
      groups.set(key, group);
    }
    group.members.push(s);
    group.capacityWh.push(b.maxWh);
    const caps = oneIspCaps.get(s);
    group.chargeW.push(caps ? caps[0] : b.maxChargeW);
    group.dischargeW.push(caps ? caps[1] : b.maxDischargeW);
    group.sumUpWh += upWh;
    group.sumDownWh += downWh;
    if (!group.box) {
      group.minChargePerWh = Math.min(group.minChargePerWh, b.maxChargeW / b.maxWh);
      group.minDischargePerWh = Math.min(group.minDischargePerWh, b.maxDischargeW / b.maxWh);
      group.minUpPerWh = Math.min(group.minUpPerWh, upFree ? Infinity : upWh / b.maxWh);
      group.minDownPerWh = Math.min(group.minDownPerWh, downFree ? Infinity : downWh / b.maxWh);
    }
  });
  for (const group of groups.values()) {
    const first = problem.segments[group.members[0]].battery!;
    const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
    const chargeSum = sum(group.chargeW);
    const dischargeSum = sum(group.dischargeW);
    const outer: BatteryClass = {
      costPerKWh: first.cycleCostPerKWh,
      efficiency: first.efficiency,
      chargeMaxW: chargeSum,
      dischargeMaxW: dischargeSum,
      socLoWh: -group.sumDownWh,
      socHiWh: group.sumUpWh,
      members: group.members,
      chargeShares: group.chargeW.map((w) => (chargeSum > 0 ? w / chargeSum : 0)),
      dischargeShares: group.dischargeW.map((w) => (dischargeSum > 0 ? w / dischargeSum : 0)),
    };
    if (group.box) {
      // Boxes per ISP: the Minkowski sum is the box of the sums, split in proportion to each rating.
      // The members' SoC limits cannot bind (or are already in the one-ISP ratings): both bounds are this box.
      const box = { ...outer, socLoWh: -Infinity, socHiWh: Infinity };
      conservative.battery.push(box);
      relaxed.battery.push(box);
      continue;
    }
    const capacitySum = sum(group.capacityWh);
    const shares = group.capacityWh.map((wh) => wh / capacitySum);
    conservative.battery.push({
      ...outer,
      chargeMaxW: capacitySum * group.minChargePerWh,
      dischargeMaxW: capacitySum * group.minDischargePerWh,
      socLoWh: -capacitySum * group.minDownPerWh,
      socHiWh: capacitySum * group.minUpPerWh,
      chargeShares: shares,
      dischargeShares: shares,
    });
    relaxed.battery.push(outer);
  }
}

/** The conservative and relaxed models of one partition at `resolution` bins per unit share. */
export function groupedModels(problem: DispatchProblem, resolution: number): GroupedModels {
  const conservative = baseModel(problem);
  const relaxed: ClassModel = { ...conservative, pv: conservative.pv, lights: conservative.lights, ev: [], battery: [] };
  const N = problem.isps;
  const pv = new Map<number, { capW: Float64Array; members: number[] }>();
  const lights = new Map<number, { capW: Float64Array; members: number[] }>();
  problem.segments.forEach((segment, s) => {
    if (segment.pv) {
      const cost = segment.pv.curtailCostPerKWh;
      let group = pv.get(cost);
      if (!group) pv.set(cost, (group = { capW: new Float64Array(N), members: [] }));
      group.members.push(s);
      for (let t = 0; t < N; t++) group.capW[t] += segment.pv.availableW[t];
    }
    if (segment.lights) {
      const cost = segment.lights.dimCostPerKWh;
      let group = lights.get(cost);
      if (!group) lights.set(cost, (group = { capW: new Float64Array(N), members: [] }));
      group.members.push(s);
      const share = 1 - segment.lights.minPct / 100;
      for (let t = 0; t < N; t++) group.capW[t] += share * segment.lights.plannedW[t];
    }
  });
  for (const [costPerKWh, group] of pv) conservative.pv.push({ costPerKWh, ...group });
  for (const [costPerKWh, group] of lights) conservative.lights.push({ costPerKWh, ...group });
  groupEvs(problem, resolution, conservative, relaxed);
  groupBatteries(problem, resolution, conservative, relaxed);
  return { conservative, relaxed };
}
