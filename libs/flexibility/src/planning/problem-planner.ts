/**
 * Builds the dispatch problem of an offer or an order from what dispatch knows: the segments below the
 * node that may be dispatched (fresh telemetry, not busy with another order), their latest readings, the
 * node's forecast and the levers' costs. Pure: the same inputs give the same problem, which is stored
 * with the order and can be replayed.
 *
 * How the forecast is spread over segments, and why:
 * - The node forecast covers every segment below the node; each of its flows is corrected by what the
 *   node measures now against what the forecast said for now (for PV a clear-sky-index persistence: the
 *   next hour's clouds are most like this minute's; for lights and EVs the same level correction: a
 *   forecaster that has not learned the city yet can be off by an order of magnitude, and the cars
 *   charging now are the best guide to the next hour). "Now" before the forecast's first step is that
 *   step. A flow the forecast puts at 0 now is taken as forecast.
 * - Each segment gets the node's PV in proportion to what it produces now (its own soiling and shade
 *   show there), or to its peak power when nothing produces (night).
 * - Lights follow one policy per commune: each segment gets the node's light forecast in proportion to
 *   its rated power. EV charging is shared in proportion to what each segment draws now (a charging car
 *   goes on charging), or to its connectors when none charges.
 * - Offers take the node's PV at P10 (what holds in 9 cases out of 10: a firm offer); orders take P50
 *   (the best estimate of what curtailment will really remove, so that delivery meets the order).
 * - The node baseline (its net power without dispatch, frozen with the order) is the measured net power
 *   now plus the corrected flows' change from now to each ISP; its PV part is returned apart, so that
 *   delivery can be measured under the sky that comes rather than the one forecast.
 */
import { roundW } from '../solution';
import type { DispatchProblem, DispatchSegment, OrderedIsp } from '../problem';
import { DISPATCH_PROBLEM_VERSION } from '../problem';
import type { LeverCosts, LiveReading, NodeFlowForecast, SegmentRatings } from './planning-inputs';

export interface PlanRequest {
  readonly nodeId: string;
  readonly importLimitW: number;
  readonly exportLimitW: number;
  readonly ispMs: number;
  /** Start of ISP 0, epoch ms UTC. */
  readonly startTs: number;
  /** The horizon: the ordered ISPs and those after them, where a shifted EV's charging lands. */
  readonly isps: number;
  readonly order: readonly OrderedIsp[];
  readonly shortfallPricePerKWh: number;
  /** 'p10' for an offer (what holds), 'p50' for an order (what is expected). */
  readonly pvLevel: 'p10' | 'p50';
  readonly costs: LeverCosts;
  readonly nowTs: number;
}

export interface AvailableSegment {
  readonly ratings: SegmentRatings;
  readonly live: LiveReading;
}

export interface PlanFleet {
  /** Segments below the node that may be dispatched. */
  readonly available: readonly AvailableSegment[];
  /** Ratings summed over every segment below the node, fresh or not: the forecast covers them all. */
  readonly nodeTotals: { readonly pvPeakW: number; readonly lightsRatedW: number; readonly evMaxW: number };
  /** The node's measured state now, summed over every segment below it that reports. */
  readonly nodeNow: { readonly netPowerW: number; readonly pvPowerW: number; readonly lightsPowerW: number; readonly evPowerW: number };
  /** The node's latest forecast; without one, every flow is held at its present value. */
  readonly forecast?: NodeFlowForecast;
}

export interface PlannedProblem {
  readonly problem: DispatchProblem;
  /** The node's net power without dispatch per ISP, W: the baseline delivery is measured against. */
  readonly baselineW: number[];
  /** The node's PV per ISP inside that baseline (P50, corrected by now against the forecast), W. */
  readonly pvExpectedW: number[];
  /** Why the plan had to make do (no forecast, forecast too short…); empty when it did not. */
  readonly notes: string[];
}

/** Below this share of its peak a node's PV counts as "not producing" (dawn, night, snow). */
const PRODUCING_SHARE = 0.02;
/** Bound of the PV correction: a passing cloud must not triple a quarter-hour ahead. */
const MAX_PV_CORRECTION = 2;
/** Bound of the lights and EV level corrections (above the forecast: a busy evening, not a runaway). */
const MAX_LOAD_CORRECTION = 2;

/** Mean of a forecast series over [fromTs, fromTs + ms), from the steps it overlaps; undefined beyond the forecast. */
export function forecastMean(forecast: NodeFlowForecast, series: ArrayLike<number>, fromTs: number, ms: number): number | undefined {
  let sum = 0;
  let covered = 0;
  for (let ts = fromTs; ts < fromTs + ms; ) {
    const step = Math.floor((ts - forecast.startTs) / forecast.stepMs);
    if (step < 0 || step >= series.length) return undefined;
    const stepEnd = forecast.startTs + (step + 1) * forecast.stepMs;
    const part = Math.min(stepEnd, fromTs + ms) - ts;
    sum += series[step] * part;
    covered += part;
    ts += part;
  }
  return covered > 0 ? sum / covered : undefined;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}

/** Shares of a quantity among segments: by `now` when it is above `floor` in total, else by `fallback`. */
function shares<T>(items: readonly T[], now: (item: T) => number, fallback: (item: T) => number, floor: number): number[] {
  const totalNow = sum(items, now);
  if (totalNow > floor) return items.map((item) => Math.max(0, now(item)) / totalNow);
  const totalFallback = sum(items, fallback);
  return items.map((item) => (totalFallback > 0 ? fallback(item) / totalFallback : 0));
}

export function planDispatchProblem(request: PlanRequest, fleet: PlanFleet): PlannedProblem {
  const notes: string[] = [];
  const { forecast, available, nodeTotals, nodeNow } = fleet;
  const n = request.isps;
  const dtH = request.ispMs / 3_600_000;
  const ispTs = (t: number) => request.startTs + t * request.ispMs;
  if (!forecast) notes.push('NO_FORECAST: every flow held at its present value');

  // A flow of the node per ISP: the forecast's mean over the ISP, or what is measured now (persistence).
  const flow = (series: ((f: NodeFlowForecast) => ArrayLike<number>) | undefined, nowW: number): number[] =>
    Array.from({ length: n }, (_, t) => {
      const value = forecast && series ? forecastMean(forecast, series(forecast), ispTs(t), request.ispMs) : undefined;
      return value ?? nowW;
    });
  if (forecast && forecastMean(forecast, forecast.pvP50W, ispTs(n - 1), request.ispMs) === undefined) notes.push('FORECAST_TOO_SHORT: ISPs beyond it held at their present value');

  // What the forecast said for now (its first step when now comes before it).
  const forecastNow = (series: (f: NodeFlowForecast) => ArrayLike<number>): number | undefined =>
    forecast ? forecastMean(forecast, series(forecast), Math.max(request.nowTs, forecast.startTs), Math.min(request.ispMs, forecast.stepMs)) : undefined;
  // A load flow of the node per ISP, its forecast's level corrected by what is measured now.
  const corrected = (series: (f: NodeFlowForecast) => ArrayLike<number>, nowW: number): number[] => {
    const said = forecastNow(series);
    const ratio = said !== undefined && said > 0 ? Math.min(MAX_LOAD_CORRECTION, Math.max(0, nowW) / said) : 1;
    return flow(series, nowW).map((w, t) => (forecast && forecastMean(forecast, series(forecast), ispTs(t), request.ispMs) !== undefined ? w * ratio : w));
  };

  // PV correction: what the node produces now against what the forecast said for now.
  const forecastPvNow = forecastNow((f) => f.pvP50W);
  const producing = forecastPvNow !== undefined && forecastPvNow > PRODUCING_SHARE * nodeTotals.pvPeakW;
  const nodeCorrection = producing ? Math.min(MAX_PV_CORRECTION, nodeNow.pvPowerW / (forecastPvNow as number)) : 1;
  const availablePvNow = sum(available, (s) => s.live.pvPowerW);
  const availablePeak = sum(available, (s) => s.ratings.pvPeakW);
  // The same correction restricted to the segments that may be dispatched.
  const availableCorrection = producing ? Math.min(MAX_PV_CORRECTION, availablePvNow / (forecastPvNow as number)) : nodeTotals.pvPeakW > 0 ? availablePeak / nodeTotals.pvPeakW : 0;

  const pvSeries = request.pvLevel === 'p10' ? (f: NodeFlowForecast) => f.pvP10W : (f: NodeFlowForecast) => f.pvP50W;
  const pvAvailable = flow(pvSeries, availablePvNow).map((w, t) => (forecast && forecastMean(forecast, forecast.pvP50W, ispTs(t), request.ispMs) !== undefined ? w * availableCorrection : w));
  const lightsNode = corrected((f) => f.lightsP50W, nodeNow.lightsPowerW);
  const evNode = corrected((f) => f.evP50W, nodeNow.evPowerW);
  const lightsRatedAvailable = sum(available, (s) => s.ratings.lightsRatedW);
  const lightsAvailable = forecast ? lightsNode.map((w) => (nodeTotals.lightsRatedW > 0 ? (w * lightsRatedAvailable) / nodeTotals.lightsRatedW : 0)) : flow(undefined, sum(available, (s) => s.live.lightsPowerW));
  const evAvailable = forecast
    ? evNode.map((w) => {
        if (nodeNow.evPowerW <= 0) return nodeTotals.evMaxW > 0 ? (w * sum(available, (s) => s.ratings.evMaxW)) / nodeTotals.evMaxW : 0;
        // The cars charging now below the node draw the node's charging in proportion to what they draw now.
        return (w * sum(available, (s) => s.live.evPowerW)) / nodeNow.evPowerW;
      })
    : flow(undefined, sum(available, (s) => s.live.evPowerW));

  const pvShares = shares(available, (s) => s.live.pvPowerW, (s) => s.ratings.pvPeakW, 1);
  const lightsShares = shares(available, () => 0, (s) => s.ratings.lightsRatedW, 0);
  const evShares = shares(available, (s) => s.live.evPowerW, (s) => s.ratings.evMaxW, 1);

  const segments: DispatchSegment[] = [];
  available.forEach((segment, i) => {
    const { ratings, live } = segment;
    const planned: DispatchSegment = { id: ratings.segmentId };
    if (ratings.pvPeakW > 0 && pvShares[i] > 0) {
      const limitW = ratings.pvInverterLimitW > 0 ? ratings.pvInverterLimitW : ratings.pvPeakW;
      const availableW = pvAvailable.map((w) => roundW(Math.min(limitW, Math.max(0, w * pvShares[i]))));
      if (availableW.some((w) => w > 0)) planned.pv = { availableW, curtailCostPerKWh: request.costs.pvCurtailPerKWh };
    }
    if (ratings.lightsRatedW > 0 && lightsShares[i] > 0) {
      const plannedW = lightsAvailable.map((w) => roundW(Math.min(ratings.lightsRatedW, Math.max(0, w * lightsShares[i]))));
      if (plannedW.some((w) => w > 0)) {
        // The problem's minimum is a share of the plan; the policy's is a share of the rated power.
        // The strictest ISP sets it, so that no ISP goes below the policy's minimum.
        const minOfPlan = Math.max(...plannedW.filter((w) => w > 0).map((w) => (ratings.lightsMinDimmingPct / 100) * (ratings.lightsRatedW / w)));
        planned.lights = { plannedW, minPct: roundW(Math.min(100, 100 * minOfPlan)), dimCostPerKWh: request.costs.lightsDimPerKWh };
      }
    }
    if (ratings.evMaxW > 0 && evShares[i] > 0) {
      const plannedW = evAvailable.map((w) => roundW(Math.min(ratings.evMaxW, Math.max(0, w * evShares[i]))));
      const needWh = roundW(sum(plannedW, (w) => w * dtH));
      // A car charges at most at its plan's peak: whether it would take more is not known.
      if (needWh > 0) planned.ev = { plannedW, maxW: Math.max(...plannedW), needWh, departureIsp: n, shiftCostPerKWh: request.costs.evShiftPerKWh };
    }
    const battery = ratings.battery;
    if (battery && live.batterySocPct !== undefined && battery.capacityWh > 0) {
      const minWh = (battery.socMinPct / 100) * battery.capacityWh;
      const maxWh = (battery.socMaxPct / 100) * battery.capacityWh;
      const socWh = Math.min(maxWh, Math.max(minWh, (live.batterySocPct / 100) * battery.capacityWh));
      planned.battery = {
        socWh: roundW(socWh),
        minWh: roundW(minWh),
        maxWh: roundW(maxWh),
        maxChargeW: battery.maxChargeW,
        maxDischargeW: battery.maxDischargeW,
        efficiency: request.costs.batteryEfficiency,
        cycleCostPerKWh: request.costs.batteryCyclePerKWh,
      };
    }
    if (planned.pv || planned.lights || planned.ev || planned.battery) segments.push(planned);
  });

  // The node without dispatch: measured now, plus the forecast's change from now to each ISP.
  const modelled = (pvW: number, lightsW: number, evW: number) => lightsW + evW - pvW;
  const nowModel = modelled(nodeNow.pvPowerW, nodeNow.lightsPowerW, nodeNow.evPowerW);
  const pvP50 = flow((f) => f.pvP50W, nodeNow.pvPowerW).map((w, t) => (forecast && forecastMean(forecast, forecast.pvP50W, ispTs(t), request.ispMs) !== undefined ? w * nodeCorrection : w));
  const baselineW = Array.from({ length: n }, (_, t) => roundW(nodeNow.netPowerW + modelled(pvP50[t], lightsNode[t], evNode[t]) - nowModel));

  const problem: DispatchProblem = {
    version: DISPATCH_PROBLEM_VERSION,
    ispMs: request.ispMs,
    start: request.startTs,
    isps: n,
    node: { id: request.nodeId, baselineW, importLimitW: request.importLimitW, exportLimitW: request.exportLimitW },
    order: [...request.order],
    shortfallPricePerKWh: request.shortfallPricePerKWh,
    segments: segments.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  return { problem, baselineW, pvExpectedW: pvP50.map(roundW), notes };
}
