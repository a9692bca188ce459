/**
 * A FlexOffer from the solution of the offer's problem: per requested ISP what the segments can deliver
 * in the request's direction (never more than asked), and a price built from what the levers cost.
 * The offer's problem takes the request's max price as its shortfall price, so flexibility dearer than
 * that is left out: the solver stops where the next kWh would cost more than the DSO pays.
 * Money in whole cents (half away from zero), prices in cents per MWh.
 */
import type { DispatchProblem } from '../problem';
import type { DispatchSolution } from '../solution';

export interface RequestedIsp {
  readonly ispStart: number;
  /** The requested change, W, signed. */
  readonly deltaW: number;
}

export interface OfferedIsp {
  readonly ispStart: number;
  /** What can be delivered, W, in the request's direction, at most what was asked (0 when nothing). */
  readonly offeredDeltaW: number;
  readonly priceCentsPerMWh: number;
}

export interface OfferDraft {
  readonly isps: OfferedIsp[];
  readonly totalPriceCents: number;
  /** Empty when every ISP is offered in full. */
  readonly reason: string;
}

export interface OfferTerms {
  /** The price over the levers' cost: 1.1 sells at cost + 10 %. */
  readonly markup: number;
  /** The DSO's limit, cents per MWh (undefined: none). */
  readonly maxPriceCentsPerMWh?: number;
}

/** Half away from zero, as settlement rounds. */
export function roundCents(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

/** currency per kWh → whole cents per MWh. */
export function centsPerMWh(perKWh: number): number {
  return roundCents(perKWh * 100_000);
}

export function offerFromSolution(requested: readonly RequestedIsp[], problem: DispatchProblem, solution: DispatchSolution, terms: OfferTerms): OfferDraft {
  const dtH = problem.ispMs / 3_600_000;
  const offered = requested.map((isp) => {
    const index = Math.round((isp.ispStart - problem.start) / problem.ispMs);
    const delivered = index >= 0 && index < problem.isps ? solution.deliveredW[index] : 0;
    const sign = Math.sign(isp.deltaW);
    const inDirection = Math.min(Math.abs(isp.deltaW), Math.max(0, sign * delivered));
    // `|| 0`: no -0 in an offer (JSON prints it as 0, but comparisons would tell them apart).
    return { ispStart: isp.ispStart, offeredDeltaW: Math.round(sign * inDirection * 1_000) / 1_000 || 0 };
  });
  const deliveredKWh = offered.reduce((total, isp) => total + (Math.abs(isp.offeredDeltaW) * dtH) / 1_000, 0);
  // What the levers cost: the objective without the price of the shortfall.
  const leverCost = solution.objective === null ? 0 : Math.max(0, solution.objective - (problem.shortfallPricePerKWh * solution.shortfallWh) / 1_000);
  let price = deliveredKWh > 0 ? centsPerMWh((leverCost / deliveredKWh) * terms.markup) : 0;
  if (terms.maxPriceCentsPerMWh !== undefined) price = Math.min(price, terms.maxPriceCentsPerMWh);
  const isps = offered.map((isp) => ({ ...isp, priceCentsPerMWh: isp.offeredDeltaW === 0 ? 0 : price }));
  const totalPriceCents = isps.reduce((total, isp) => total + roundCents((isp.priceCentsPerMWh * Math.abs(isp.offeredDeltaW) * dtH) / 1_000_000), 0);
  return { isps, totalPriceCents, reason: offerReason(requested, isps, problem, solution) };
}

function offerReason(requested: readonly RequestedIsp[], isps: readonly OfferedIsp[], problem: DispatchProblem, solution: DispatchSolution): string {
  if (problem.segments.length === 0) return 'NO_AVAILABLE_SEGMENTS: no segment below the node has fresh telemetry and free flexibility';
  if (solution.status === 'infeasible') return `INFEASIBLE: ${solution.reason ?? 'no dispatch keeps every limit'}`;
  const short = requested.filter((isp, i) => Math.abs(isps[i].offeredDeltaW) < Math.abs(isp.deltaW) - 0.5);
  if (short.length === 0) return '';
  const none = isps.every((isp) => isp.offeredDeltaW === 0);
  const what = none ? 'NO_FLEXIBILITY' : 'PARTIAL';
  return `${what}: ${short.length} of ${requested.length} ISP(s) below the request (not enough flexibility in that direction, or dearer than the max price)`;
}
