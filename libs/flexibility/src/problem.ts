/**
 * The dispatch problem, file format version 1 (issue 10 §2): one order on one grid node, the segments
 * below it and what each of their devices could do in each ISP. All powers in W with import positive
 * (DESIGN §1), energies in Wh, prices in currency units per kWh. Arrays hold one value per ISP.
 * A problem is stored with its order so that the decision can be replayed byte for byte.
 */

export const DISPATCH_PROBLEM_VERSION = 1;

export interface PvBlock {
  /** What the tiles would produce without a limit, W, per ISP. */
  availableW: number[];
  curtailCostPerKWh: number;
}

export interface LightsBlock {
  /** What the lights would draw on their own schedule, W, per ISP (0 while off). */
  plannedW: number[];
  /** The policy's minimum while lit, percent of the planned power. */
  minPct: number;
  dimCostPerKWh: number;
}

export interface EvBlock {
  /** The charging forecast, W, per ISP: a forecast, which need not meet the energy equation itself. */
  plannedW: number[];
  maxW: number;
  /** Energy the car(s) must still take before `departureIsp`, Wh: exactly, no more and no less. */
  needWh: number;
  /** First ISP at which the car is gone (charging is 0 from it on); `isps` when it leaves at or after the end. */
  departureIsp: number;
  /** Price of charging below the plan, per kWh not taken when planned. */
  shiftCostPerKWh: number;
}

export interface BatteryBlock {
  socWh: number;
  minWh: number;
  maxWh: number;
  maxChargeW: number;
  maxDischargeW: number;
  /** One-way efficiency η in (0, 1]: charging stores η·P, discharging P draws P/η from the cells. */
  efficiency: number;
  cycleCostPerKWh: number;
}

export interface DispatchSegment {
  id: string;
  pv?: PvBlock;
  lights?: LightsBlock;
  ev?: EvBlock;
  battery?: BatteryBlock;
}

export interface DispatchNode {
  id: string;
  /** The node's net power without dispatch, W, per ISP (import +). */
  baselineW: number[];
  importLimitW: number;
  /** A magnitude: the node may export down to −exportLimitW. */
  exportLimitW: number;
}

export interface OrderedIsp {
  isp: number;
  /** Requested change of the node's net power, W, non-zero (+ import more / export less). */
  deltaW: number;
}

export interface DispatchProblem {
  version: typeof DISPATCH_PROBLEM_VERSION;
  ispMs: number;
  /** Epoch ms (UTC) of ISP 0. */
  start: number;
  isps: number;
  node: DispatchNode;
  order: OrderedIsp[];
  shortfallPricePerKWh: number;
  segments: DispatchSegment[];
}
