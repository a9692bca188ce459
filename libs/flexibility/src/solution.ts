/**
 * The solution of a dispatch problem (issue 10 §2) and the rules that make it byte-identical on every
 * replay: setpoints sorted by segment id (UTF-16 code-unit order, independent of locale) then ISP, and
 * every printed number rounded the same way (`round…` below), with the totals computed from the rounded
 * setpoints, never from the solver's raw values.
 */

export type DispatchStatus = 'optimal' | 'infeasible';

/** Which solver path produced the solution. */
export type SolverMethod = 'merit-order' | 'lp' | 'aggregated-lp';

/**
 * What one segment is told for one ISP. Only the devices that deviate from their plan appear:
 * - `pvLimitW`: the inverter's AC limit; the tiles produce min(availableW, pvLimitW);
 * - `lightsPct`: the lights draw lightsPct % of their planned power (only while lit);
 * - `evLimitW`: the charging power the segment's EVs take in that ISP (a charging profile they follow);
 * - `batteryPowerW`: charge (+) or discharge (−) power, ch − dis.
 */
export interface DispatchSetpoint {
  segmentId: string;
  isp: number;
  pvLimitW?: number;
  lightsPct?: number;
  evLimitW?: number;
  batteryPowerW?: number;
}

export interface DispatchSolution {
  status: DispatchStatus;
  /** Currency units; null when infeasible (no feasible dispatch has a cost). */
  objective: number | null;
  /** Ordered energy not delivered, Wh; when infeasible, the whole order (nothing is dispatched). */
  shortfallWh: number;
  /** Change of the node's net power per ISP, W; all 0 when infeasible. */
  deliveredW: number[];
  setpoints: DispatchSetpoint[];
  method: SolverMethod;
  /**
   * A proven bound on (objective − optimum) / optimum: 0 for the exact paths, the certified bound of
   * the aggregated path (see README), null when infeasible.
   */
  optimalityGap: number | null;
  /** Why the problem is infeasible. */
  reason?: string;
}

/** Powers (W) and energies (Wh) are printed to 1e-3: a milliwatt is far below any meter's resolution. */
export const roundW = (value: number): number => roundTo(value, 1e3);
export const roundWh = roundW;
/** Dimming percentages to 1e-6 %: the power they give is then exact to better than 1e-8 of the plan. */
export const roundPct = (value: number): number => roundTo(value, 1e6);
/** Currency to 1e-6 units (a millionth of a euro). */
export const roundCost = (value: number): number => roundTo(value, 1e6);

function roundTo(value: number, scale: number): number {
  const rounded = Math.round(value * scale) / scale;
  // No "-0" in the output: JSON prints it as 0 anyway, but Object.is comparisons in tests would differ.
  return rounded === 0 ? 0 : rounded;
}

/** Sorts in place by segment id (code-unit order) then ISP: the one order the solution is printed in. */
export function sortSetpoints(setpoints: DispatchSetpoint[]): DispatchSetpoint[] {
  return setpoints.sort((a, b) => (a.segmentId < b.segmentId ? -1 : a.segmentId > b.segmentId ? 1 : a.isp - b.isp));
}

/** The solution as JSON with its keys in a fixed order; one line unless `pretty` (two-space indent). */
export function formatDispatchSolution(solution: DispatchSolution, options: { pretty?: boolean } = {}): string {
  const ordered = {
    status: solution.status,
    objective: solution.objective,
    shortfallWh: solution.shortfallWh,
    deliveredW: solution.deliveredW,
    setpoints: solution.setpoints.map((s) => ({
      segmentId: s.segmentId,
      isp: s.isp,
      ...(s.pvLimitW !== undefined ? { pvLimitW: s.pvLimitW } : {}),
      ...(s.lightsPct !== undefined ? { lightsPct: s.lightsPct } : {}),
      ...(s.evLimitW !== undefined ? { evLimitW: s.evLimitW } : {}),
      ...(s.batteryPowerW !== undefined ? { batteryPowerW: s.batteryPowerW } : {}),
    })),
    method: solution.method,
    optimalityGap: solution.optimalityGap,
    ...(solution.reason !== undefined ? { reason: solution.reason } : {}),
  };
  return options.pretty ? JSON.stringify(ordered, null, 2) : JSON.stringify(ordered);
}
