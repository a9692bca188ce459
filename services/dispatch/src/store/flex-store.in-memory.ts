/** The flexibility store in memory, for unit specs of the use cases (the contract suite holds it to PostgreSQL's). */
import type { DeliveryRecord, OfferRecord, OrderRecord, RedispatchRecord, RequestRecord } from './flex-records';
import type { FlexStore, RecordParts, SaveOutcome } from './flex-store.port';

// Stored as JSON, as PostgreSQL does: what comes back is a copy, never the caller's object.
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A record as kept: its heavy parts (a problem at fleet scale is tens of MB) as the JSON text they are
 * stored as, parsed only when asked for, as the PostgreSQL adapter unpacks them only when asked for.
 */
type Kept<R> = Omit<R, 'problem' | 'solution'> & { problemJson?: string; solutionJson?: string };

function keep<R extends { problem?: unknown; solution?: unknown }>(record: R): Kept<R> {
  const { problem, solution, ...rest } = record;
  return { ...copy(rest), ...(problem ? { problemJson: JSON.stringify(problem) } : {}), ...(solution ? { solutionJson: JSON.stringify(solution) } : {}) } as Kept<R>;
}

/** A copy of a kept record with only the heavy parts asked for. */
function withParts<R>(kept: Kept<R>, parts: RecordParts): R {
  const { problemJson, solutionJson, ...rest } = kept;
  return { ...copy(rest), ...(parts.problem && problemJson ? { problem: JSON.parse(problemJson) } : {}), ...(parts.solution && solutionJson ? { solution: JSON.parse(solutionJson) } : {}) } as R;
}

export class InMemoryFlexStore implements FlexStore {
  private readonly requests = new Map<string, RequestRecord>();
  private readonly offers = new Map<string, Kept<OfferRecord>>();
  private readonly orders = new Map<string, Kept<OrderRecord>>();
  private readonly redispatchList: RedispatchRecord[] = [];
  private readonly deliveryMap = new Map<string, DeliveryRecord>();

  async saveRequest(record: RequestRecord): Promise<SaveOutcome> {
    if (this.requests.has(record.requestId)) return 'duplicate';
    this.requests.set(record.requestId, copy(record));
    return 'inserted';
  }

  async request(requestId: string): Promise<RequestRecord | undefined> {
    const record = this.requests.get(requestId);
    return record && copy(record);
  }

  async saveOffer(record: OfferRecord): Promise<SaveOutcome> {
    if (!this.requests.has(record.requestId)) throw new Error(`no request ${record.requestId} for offer ${record.offerId}`);
    if (this.offers.has(record.offerId) || [...this.offers.values()].some((offer) => offer.requestId === record.requestId)) return 'duplicate';
    this.offers.set(record.offerId, keep(record));
    return 'inserted';
  }

  async offer(offerId: string, parts: RecordParts = {}): Promise<OfferRecord | undefined> {
    const record = this.offers.get(offerId);
    return record && withParts(record, parts);
  }

  async offerOfRequest(requestId: string, parts: RecordParts = {}): Promise<OfferRecord | undefined> {
    const record = [...this.offers.values()].find((offer) => offer.requestId === requestId);
    return record && withParts(record, parts);
  }

  async saveOrder(record: OrderRecord): Promise<SaveOutcome> {
    if (this.orders.has(record.orderId)) return 'duplicate';
    this.orders.set(record.orderId, keep(record));
    return 'inserted';
  }

  async order(orderId: string, parts: RecordParts = {}): Promise<OrderRecord | undefined> {
    const record = this.orders.get(orderId);
    return record && withParts(record, parts);
  }

  async saveRedispatch(record: RedispatchRecord): Promise<void> {
    if (!this.orders.has(record.orderId)) throw new Error(`no order ${record.orderId} for a re-dispatch`);
    this.redispatchList.push(copy(record));
  }

  async redispatches(orderId: string): Promise<RedispatchRecord[]> {
    return this.redispatchList.filter((record) => record.orderId === orderId).sort((a, b) => a.ispStart - b.ispStart || a.at - b.at).map(copy);
  }

  async saveDelivery(record: DeliveryRecord): Promise<SaveOutcome> {
    if (!this.orders.has(record.orderId)) throw new Error(`no order ${record.orderId} for a delivery`);
    const key = `${record.orderId}/${record.ispStart}`;
    if (this.deliveryMap.has(key)) return 'duplicate';
    this.deliveryMap.set(key, copy(record));
    return 'inserted';
  }

  async deliveries(orderId: string): Promise<DeliveryRecord[]> {
    return [...this.deliveryMap.values()].filter((record) => record.orderId === orderId).sort((a, b) => a.ispStart - b.ispStart).map(copy);
  }
}
