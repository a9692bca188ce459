/**
 * The LP of a class model (issue 10 §2, in deviation space), and the class decisions read back from
 * its solution. Inside the LP powers are kW and energies kWh, so that costs per variable (price × dt)
 * are of order 0.01–1 rather than 1e-5: HiGHS's tolerances are absolute, and the objective stays exact
 * to far better than a cent.
 *
 * Rows: one node row per ISP, one energy row per EV class, and per battery class with a finite SoC
 * bound one row per ISP linking its stored-energy change: soc_{t+1} = soc_t + (η·ch_t − dis_t/η)·dt.
 * The EV shift is split D = D⁺ − D⁻ with D⁻ ≥ 0 paying the shift cost: max(0, plan − ev) is convex,
 * and at an optimum with a positive cost at most one of the two is non-zero.
 */
import type { ClassModel } from './class-model';
import type { LinearProgram } from './lp-solver';

/** Per class and ISP, in W: what the solvers decide, before it is split among the members. */
export interface ClassDecision {
  pvW: Float64Array[];
  lightsW: Float64Array[];
  /** EV shift D_t for t < departure. */
  evW: Float64Array[];
  chargeW: Float64Array[];
  dischargeW: Float64Array[];
}

/** Battery direction fixings per class and ISP: +1 charge only, −1 discharge only, 0 free. */
export type BatteryFixings = Map<number, Int8Array>;

export interface BuiltLp {
  lp: LinearProgram;
  read(colValue: Float64Array): ClassDecision;
}

class ColumnWriter {
  cost: number[] = [];
  lower: number[] = [];
  upper: number[] = [];
  starts: number[] = [0];
  indices: number[] = [];
  values: number[] = [];

  /** Adds a column; returns its index, or −1 when its bounds leave no room (nothing to decide). */
  add(cost: number, lower: number, upper: number, rows: number[], coefficients: number[], keepFixed = false): number {
    if (!keepFixed && upper <= 0 && lower >= 0) return -1;
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    for (let i = 0; i < rows.length; i++) {
      this.indices.push(rows[i]);
      this.values.push(coefficients[i]);
    }
    this.starts.push(this.indices.length);
    return this.cost.length - 1;
  }
}

const KW = 1000;

export function buildLp(model: ClassModel, fixings: BatteryFixings = new Map()): BuiltLp {
  const N = model.isps;
  const dt = model.dtH;
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  for (let t = 0; t < N; t++) {
    rowLower.push(model.rowLoW[t] / KW);
    rowUpper.push(model.rowHiW[t] / KW);
  }
  const c = new ColumnWriter();
  for (let t = 0; t < N; t++) {
    const sign = model.shortfallSign[t];
    if (sign !== 0) c.add(model.shortfallPricePerKWh * dt, 0, Infinity, [t], [sign]);
  }
  const pvCols = model.pv.map((k) => Int32Array.from(k.capW, (capW, t) => c.add(k.costPerKWh * dt, 0, capW / KW, [t], [1])));
  const lightsCols = model.lights.map((k) => Int32Array.from(k.capW, (capW, t) => c.add(k.costPerKWh * dt, 0, capW / KW, [t], [-1])));
  const evCols = model.ev.map((k) => {
    const row = rowLower.length;
    rowLower.push(k.shiftWh / KW);
    rowUpper.push(k.shiftWh / KW);
    const plus = new Int32Array(k.departureIsp);
    const minus = new Int32Array(k.departureIsp);
    for (let t = 0; t < k.departureIsp; t++) {
      const lo = k.loW[t] / KW;
      const hi = k.hiW[t] / KW;
      plus[t] = c.add(0, Math.max(0, lo), Math.max(0, hi), [t, row], [1, dt]);
      minus[t] = c.add(k.costPerKWh * dt, Math.max(0, -hi), Math.max(0, -lo), [t, row], [-1, -dt]);
    }
    return { plus, minus };
  });
  const batteryCols = model.battery.map((k, b) => {
    const bounded = Number.isFinite(k.socLoWh) || Number.isFinite(k.socHiWh);
    const firstRow = rowLower.length;
    if (bounded) {
      for (let t = 0; t < N; t++) {
        rowLower.push(0);
        rowUpper.push(0);
      }
    }
    const fix = fixings.get(b);
    const charge = new Int32Array(N);
    const discharge = new Int32Array(N);
    for (let t = 0; t < N; t++) {
      const chargeMax = fix?.[t] === -1 ? 0 : k.chargeMaxW / KW;
      const dischargeMax = fix?.[t] === 1 ? 0 : k.dischargeMaxW / KW;
      const socRow = bounded ? [firstRow + t] : [];
      charge[t] = c.add(k.costPerKWh * dt, 0, chargeMax, [t, ...socRow], [1, -k.efficiency * dt]);
      discharge[t] = c.add(k.costPerKWh * dt, 0, dischargeMax, [t, ...socRow], [-1, dt / k.efficiency]);
    }
    if (bounded) {
      for (let t = 0; t < N; t++) {
        const rows = t + 1 < N ? [firstRow + t, firstRow + t + 1] : [firstRow + t];
        // Implied finite bounds (the SoC cannot move further in the horizon) keep the dual bound finite.
        const loWh = Math.max(k.socLoWh, (-k.dischargeMaxW * dt * N) / k.efficiency);
        const hiWh = Math.min(k.socHiWh, k.efficiency * k.chargeMaxW * dt * N);
        c.add(0, loWh / KW, hiWh / KW, rows, [1, -1], true);
      }
    }
    return { charge, discharge };
  });
  const lp: LinearProgram = {
    numCols: c.cost.length,
    numRows: rowLower.length,
    colCost: Float64Array.from(c.cost),
    colLower: Float64Array.from(c.lower),
    colUpper: Float64Array.from(c.upper),
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    starts: Int32Array.from(c.starts),
    indices: Int32Array.from(c.indices),
    values: Float64Array.from(c.values),
    offset: model.fixedCost,
  };
  const value = (x: Float64Array, col: number): number => (col < 0 ? 0 : x[col] * KW);
  return {
    lp,
    read: (x) => ({
      pvW: pvCols.map((cols) => Float64Array.from(cols, (col) => value(x, col))),
      lightsW: lightsCols.map((cols) => Float64Array.from(cols, (col) => value(x, col))),
      evW: evCols.map(({ plus, minus }) => Float64Array.from(plus, (col, t) => value(x, col) - value(x, minus[t]))),
      chargeW: batteryCols.map(({ charge }) => Float64Array.from(charge, (col) => value(x, col))),
      dischargeW: batteryCols.map(({ discharge }) => Float64Array.from(discharge, (col) => value(x, col))),
    }),
  };
}
