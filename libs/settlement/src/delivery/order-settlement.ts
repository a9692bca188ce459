/**
 * Delivered flexibility and its money, per order and ISP (issue 11 §2). The order asks for a signed change
 * of net power (import positive: a load reduction is negative); delivered = metered − baseline taken in the
 * order's direction. Paid: price × min(delivered, ordered) energy, never for over-delivery; below the
 * tolerance (default 90 % of ordered) a penalty of penaltyFactor (default 1.5) × price × the energy
 * missing to reach the tolerance.
 */
import { ISP_MS } from '@trottoir/kernel';

import { isoOf, MissingDataError, SettlementInputError } from '../errors';
import { divRoundHalfAwayFromZero, ispEnergyWh, PPM, toPpm } from '../exact';
import { assertIspStart } from '../meter-series';
import { amountCents, assertPrice } from './money';

export interface OrderIsp {
  /** Start of the ISP, epoch ms UTC. */
  ts: number;
  /** Ordered change of net power, W, signed as in the order (negative = less import or more export). */
  orderedW: number;
  /** Baseline mean power, W (the order's method, frozen in its statement). */
  baselineW: number;
  /** Metered mean power, W (15-minute rollup). */
  meteredW: number;
}

export interface SettlementTerms {
  /** Price of the flexibility, integer cents per MWh. */
  priceCentsPerMWh: number;
  /** Share of the ordered energy below which a penalty is due, 0–1 (default 0.9). */
  tolerance?: number;
  /** Penalty per missing MWh below the tolerance, as a multiple of the price (default 1.5). */
  penaltyFactor?: number;
}

export const DEFAULT_TOLERANCE = 0.9;
export const DEFAULT_PENALTY_FACTOR = 1.5;

export interface SettledIsp extends OrderIsp {
  /** metered − baseline in the order's direction, W (0 when nothing is ordered). */
  deliveredW: number;
  /** |ordered| energy, whole Wh. */
  orderedWh: number;
  /** Delivered energy, whole Wh: negative when the power moved the wrong way. */
  deliveredWh: number;
  /** Energy paid for: the delivered energy within [0, ordered]. */
  paidWh: number;
  /** Energy missing to reach the tolerance: tolerance × ordered − max(delivered, 0), when positive. */
  shortfallWh: number;
  remunerationCents: number;
  penaltyCents: number;
  /** remuneration − penalty. */
  netCents: number;
}

export type OrderTotals = Pick<SettledIsp, 'orderedWh' | 'deliveredWh' | 'paidWh' | 'shortfallWh' | 'remunerationCents' | 'penaltyCents' | 'netCents'>;

export interface OrderSettlement {
  terms: Required<SettlementTerms>;
  /** One per ISP, in time order. */
  isps: SettledIsp[];
  /** Sums of the ISPs' integers: exact. */
  totals: OrderTotals;
}

function settleIsp(isp: OrderIsp, terms: Required<SettlementTerms>, tolerancePpm: number, penaltyPpm: number, ispMs: number): SettledIsp {
  const direction = Math.sign(isp.orderedW);
  const deliveredW = direction === 0 ? 0 : direction * (isp.meteredW - isp.baselineW);
  const orderedWh = Math.abs(ispEnergyWh(isp.orderedW, ispMs));
  const deliveredWh = ispEnergyWh(deliveredW, ispMs);
  const paidWh = Math.min(Math.max(deliveredWh, 0), orderedWh);
  const toleranceWh = Number(divRoundHalfAwayFromZero(BigInt(orderedWh) * BigInt(tolerancePpm), BigInt(PPM)));
  // Energy that went the wrong way is not "missing" twice: the penalty is at most tolerance × ordered.
  const shortfallWh = Math.max(0, toleranceWh - Math.max(deliveredWh, 0));
  const remunerationCents = amountCents(terms.priceCentsPerMWh, paidWh);
  const penaltyCents = amountCents(terms.priceCentsPerMWh, shortfallWh, penaltyPpm);
  return { ...isp, deliveredW, orderedWh, deliveredWh, paidWh, shortfallWh, remunerationCents, penaltyCents, netCents: remunerationCents - penaltyCents };
}

/**
 * Settles one order. Missing data: every ISP needs a finite ordered, baseline and metered value, or
 * MissingDataError — an ISP is settled when its data are there (late data make a new version), never on a guess.
 * `ispMs`: 15 minutes (the market time unit) unless a demonstration runs shorter ISPs.
 */
export function settleOrder(isps: readonly OrderIsp[], terms: SettlementTerms, ispMs: number = ISP_MS): OrderSettlement {
  assertPrice(terms.priceCentsPerMWh);
  const resolved: Required<SettlementTerms> = {
    priceCentsPerMWh: terms.priceCentsPerMWh,
    tolerance: terms.tolerance ?? DEFAULT_TOLERANCE,
    penaltyFactor: terms.penaltyFactor ?? DEFAULT_PENALTY_FACTOR,
  };
  const tolerancePpm = toPpm(resolved.tolerance, 'tolerance');
  const penaltyPpm = toPpm(resolved.penaltyFactor, 'penalty factor', 0, 1000);
  const seen = new Set<number>();
  for (const isp of isps) {
    assertIspStart(isp.ts, 'order ISP', ispMs);
    if (seen.has(isp.ts)) throw new SettlementInputError(`the order lists the ISP ${isoOf(isp.ts)} twice`);
    seen.add(isp.ts);
    for (const field of ['orderedW', 'baselineW', 'meteredW'] as const) {
      if (!Number.isFinite(isp[field])) throw new MissingDataError(`no ${field} for the ISP ${isoOf(isp.ts)}: it cannot be settled yet`, field, isp.ts);
    }
  }
  const settled = [...isps].sort((a, b) => a.ts - b.ts).map((isp) => settleIsp(isp, resolved, tolerancePpm, penaltyPpm, ispMs));
  const totals: OrderTotals = { orderedWh: 0, deliveredWh: 0, paidWh: 0, shortfallWh: 0, remunerationCents: 0, penaltyCents: 0, netCents: 0 };
  for (const isp of settled) {
    for (const key of Object.keys(totals) as (keyof OrderTotals)[]) totals[key] += isp[key];
  }
  return { terms: resolved, isps: settled, totals };
}
