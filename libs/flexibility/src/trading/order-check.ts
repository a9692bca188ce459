/**
 * Whether an order may be carried out against the offer it names: the one place where an order is
 * refused, with the reason the DSO receives (FlexOrderResponse, or the 4xx of POST /v1/flex-orders).
 */
import type { OfferedIsp, RequestedIsp } from './offer';

export interface StoredOffer {
  readonly offerId: string;
  readonly nodeId: string;
  readonly dsoId: string;
  readonly validUntil: number;
  readonly isps: readonly OfferedIsp[];
}

export interface OrderToCheck {
  readonly offerId: string;
  readonly nodeId: string;
  readonly dsoId: string;
  readonly isps: readonly RequestedIsp[];
  /** When the order reached dispatch, epoch ms UTC. */
  readonly receivedAt: number;
}

export type OrderRefusalCode = 'UNKNOWN_OFFER' | 'OFFER_EXPIRED' | 'NODE_MISMATCH' | 'DSO_MISMATCH' | 'EMPTY_ORDER' | 'DUPLICATE_ISP' | 'ISP_NOT_OFFERED' | 'WRONG_DIRECTION' | 'ABOVE_OFFER';

export interface OrderRefusal {
  readonly code: OrderRefusalCode;
  readonly detail: string;
}

/** An order may exceed the offer by rounding only. */
const TOLERANCE_W = 0.5;

export function checkOrder(order: OrderToCheck, offer: StoredOffer | undefined): OrderRefusal | undefined {
  if (!offer) return { code: 'UNKNOWN_OFFER', detail: `no offer "${order.offerId}"` };
  if (order.receivedAt >= offer.validUntil) return { code: 'OFFER_EXPIRED', detail: `offer ${offer.offerId} was valid until ${new Date(offer.validUntil).toISOString()}` };
  if (order.nodeId !== offer.nodeId) return { code: 'NODE_MISMATCH', detail: `offer ${offer.offerId} is for node "${offer.nodeId}", not "${order.nodeId}"` };
  if (order.dsoId !== offer.dsoId) return { code: 'DSO_MISMATCH', detail: `offer ${offer.offerId} was made to another DSO` };
  if (order.isps.length === 0) return { code: 'EMPTY_ORDER', detail: 'the order names no ISP' };
  const seen = new Set<number>();
  for (const isp of order.isps) {
    const when = new Date(isp.ispStart).toISOString();
    if (seen.has(isp.ispStart)) return { code: 'DUPLICATE_ISP', detail: `ISP ${when} is ordered twice` };
    seen.add(isp.ispStart);
    const offered = offer.isps.find((candidate) => candidate.ispStart === isp.ispStart);
    if (!offered || offered.offeredDeltaW === 0) return { code: 'ISP_NOT_OFFERED', detail: `nothing was offered for ISP ${when}` };
    if (isp.deltaW === 0 || Math.sign(isp.deltaW) !== Math.sign(offered.offeredDeltaW)) {
      return { code: 'WRONG_DIRECTION', detail: `ISP ${when}: ordered ${isp.deltaW} W against an offer of ${offered.offeredDeltaW} W` };
    }
    if (Math.abs(isp.deltaW) > Math.abs(offered.offeredDeltaW) + TOLERANCE_W) {
      return { code: 'ABOVE_OFFER', detail: `ISP ${when}: ordered ${isp.deltaW} W, offered ${offered.offeredDeltaW} W` };
    }
  }
  return undefined;
}
