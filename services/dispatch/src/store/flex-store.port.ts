/**
 * The port through which the flexibility use cases keep what they decide. Saving a request or an order
 * twice (Kafka delivers at least once; a DSO retries) stores it once and says so.
 */
import type { DeliveryRecord, OfferRecord, OrderRecord, RedispatchRecord, RequestRecord } from './flex-records';

export type SaveOutcome = 'inserted' | 'duplicate';

/**
 * The heavy parts of an offer or order record, read only when asked: at 100,000 segments a problem is
 * megabytes, and an order check or an access check needs none of it.
 */
export interface RecordParts {
  readonly problem?: boolean;
  readonly solution?: boolean;
}

export interface FlexStore {
  saveRequest(record: RequestRecord): Promise<SaveOutcome>;
  request(requestId: string): Promise<RequestRecord | undefined>;
  /** One offer per request: a second one for the same request is not stored ('duplicate'). */
  saveOffer(record: OfferRecord): Promise<SaveOutcome>;
  offer(offerId: string, parts?: RecordParts): Promise<OfferRecord | undefined>;
  offerOfRequest(requestId: string, parts?: RecordParts): Promise<OfferRecord | undefined>;
  saveOrder(record: OrderRecord): Promise<SaveOutcome>;
  order(orderId: string, parts?: RecordParts): Promise<OrderRecord | undefined>;
  saveRedispatch(record: RedispatchRecord): Promise<void>;
  redispatches(orderId: string): Promise<RedispatchRecord[]>;
  /**
   * The final figures of an ISP, once across the cluster: a later call for the same ISP is ignored and
   * answered 'duplicate' (the caller then does not publish them: another replica did, or will not).
   */
  saveDelivery(record: DeliveryRecord): Promise<SaveOutcome>;
  deliveries(orderId: string): Promise<DeliveryRecord[]>;
}

export const FLEX_STORE = Symbol('FLEX_STORE');
