/**
 * What dispatch keeps of each request, offer, order, re-dispatch and ISP delivery. Messages are kept in
 * their proto3 JSON form (what the API returns); problems and solutions as the dispatch problem file and
 * its solution, so that `trottoir dispatch solve` replays them.
 */
import type { JsonValue } from '@bufbuild/protobuf';
import type { DispatchProblem, DispatchSolution } from '@trottoir/flexibility';

export interface RequestRecord {
  readonly requestId: string;
  readonly nodeId: string;
  readonly dsoId: string;
  readonly receivedAt: number;
  /** The FlexRequest, proto3 JSON. */
  readonly request: JsonValue;
}

export interface OfferRecord {
  readonly offerId: string;
  readonly requestId: string;
  readonly nodeId: string;
  readonly dsoId: string;
  readonly issuedAt: number;
  readonly validUntil: number;
  /** The FlexOffer, proto3 JSON. */
  readonly offer: JsonValue;
  /** The problem the offer was computed from; absent for an offer of 0 made without one (unknown node, expired request). */
  readonly problem?: DispatchProblem;
  readonly solution?: DispatchSolution;
}

export type OrderStatus = 'accepted' | 'rejected';

export interface OrderRecord {
  readonly orderId: string;
  readonly offerId: string;
  readonly nodeId: string;
  readonly dsoId: string;
  readonly receivedAt: number;
  readonly status: OrderStatus;
  readonly reason: string;
  /** The FlexOrder, proto3 JSON. */
  readonly order: JsonValue;
  readonly setpoints: number;
  /** Per ISP of the problem, the node baseline delivery is measured against (accepted orders). */
  readonly baselineW?: readonly number[];
  readonly problem?: DispatchProblem;
  readonly solution?: DispatchSolution;
}

export interface RedispatchRecord {
  readonly orderId: string;
  readonly ispStart: number;
  readonly at: number;
  readonly reason: string;
  /** The change the rest of the ISP was asked for, W. */
  readonly targetW: number;
  readonly problem: DispatchProblem;
  readonly solution: DispatchSolution;
}

export interface DeliveryRecord {
  readonly orderId: string;
  readonly nodeId: string;
  readonly ispStart: number;
  readonly orderedW: number;
  readonly baselineW: number;
  readonly measuredW: number;
  readonly deliveredW: number;
  readonly coverage: number;
  readonly segmentsDispatched: number;
  readonly segmentsLost: number;
  readonly redispatches: number;
  readonly computedAt: number;
}
