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
