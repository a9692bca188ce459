/**
 * Delivery of an order's ISP, measured at the node against the baseline frozen with the order, and how
 * much the rest of the ISP must deliver to make up for a shortfall so far.
 */

export interface IspDelivery {
  readonly orderedW: number;
  readonly baselineW: number;
  readonly measuredW: number;
  /** measured − baseline, W. */
  readonly deliveredW: number;
  /** delivered / ordered (1 = as ordered); NaN for an order of 0. */
  readonly ratio: number;
}

export function ispDelivery(orderedW: number, baselineW: number, measuredW: number): IspDelivery {
  const deliveredW = measuredW - baselineW;
  return { orderedW, baselineW, measuredW, deliveredW, ratio: orderedW === 0 ? Number.NaN : deliveredW / orderedW };
}

/**
 * The change the rest of the ISP must deliver so that the whole ISP averages `orderedW`, given what was
 * delivered on average over the `elapsedShare` (0…1) already past. Undefined when nothing is left.
 */
export function remainingDeltaW(orderedW: number, deliveredSoFarW: number, elapsedShare: number): number | undefined {
  if (elapsedShare >= 1) return undefined;
  return (orderedW - deliveredSoFarW * elapsedShare) / (1 - elapsedShare);
}

/** How far the observed response of the segments may scale a re-dispatch's ask (a bad reading must not run away). */
const RESPONSE_BOUNDS = { min: 0.7, max: 1.4 } as const;

/**
 * What to ask of the segments so that they deliver `neededW`: the plan that asked `askedSoFarW` got
 * `deliveredSoFarW` (a forecast a few percent off, chargers that draw less than planned), and the same
 * bias is expected of the next one. The ratio is bounded; without an ask so far, or with delivery and
 * ask of opposite signs, `neededW` is asked as it is.
 */
export function askForResponse(neededW: number, deliveredSoFarW: number, askedSoFarW: number): number {
  if (askedSoFarW === 0 || Math.sign(deliveredSoFarW) !== Math.sign(askedSoFarW)) return neededW;
  const response = Math.min(RESPONSE_BOUNDS.max, Math.max(RESPONSE_BOUNDS.min, deliveredSoFarW / askedSoFarW));
  return neededW / response;
}
