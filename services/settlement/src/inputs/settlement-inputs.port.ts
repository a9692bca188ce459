/**
 * What a settlement run reads, all of it from the system of record (PostgreSQL): the order as dispatch
 * stored it (its terms, the offer's prices, and the setpoints each segment was given: the order's
 * solution, then its re-dispatches), the registry's segments below the node, the meter readings from the
 * rollups, and the late-data log. Read-only: settlement never writes another service's tables.
 */
import type { DataChange } from '../store/statement-records';

export interface DispatchedOrder {
  readonly orderId: string;
  readonly offerId: string;
  readonly nodeId: string;
  readonly dsoId: string;
  readonly status: 'accepted' | 'rejected';
  /** The ISP length of the offer the order took, ms. */
  readonly ispMs: number;
  readonly currency: string;
  /** The order's baseline method as given ('' when it named none). */
  readonly baselineMethod: string;
  readonly isps: readonly { ispStart: number; orderedW: number; priceCentsPerMWh: number }[];
  /** The last change of net power each segment was commanded per ordered ISP, W. */
  readonly commanded: readonly { segmentId: string; ispStart: number; changeW: number }[];
  /** Every setpoint of the order limits PV only (a PV curtailment order). */
  readonly pvCurtailmentOnly: boolean;
}

/** Per ISP start: Σ of the mean net power of the segments that reported, how many did, and their readings. */
export interface MeteredIsp {
  readonly sumW: number;
  readonly segmentsMetered: number;
  readonly sampleCount: number;
}

/** Per ISP start: Σ of the segments' mean PV, street-light and EV-charging power, W, and how many segments reported. */
export interface NodeFlows {
  readonly pvW: number;
  readonly lightsW: number;
  readonly evW: number;
  readonly segmentsMetered: number;
}

export interface SettlementInputs {
  /** The DSO that owns a grid node in the registry (undefined: unknown node). */
  dsoOfNode(nodeId: string): Promise<string | undefined>;
  /** The flows below a node per 15-minute ISP in [fromTs, toTs), summed over `segmentIds` (telemetry_15m). */
  nodeFlows(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<number, NodeFlows>>;
  dispatchedOrder(orderId: string): Promise<DispatchedOrder | undefined>;
  /** Ids of the segments below a grid node (its whole subtree), sorted. */
  segmentsBelow(nodeId: string): Promise<string[]>;
  /** The node's metered ISPs in [fromTs, toTs) summed over `segmentIds` (15-minute rollups; 1-minute ones for shorter ISPs). */
  nodeMetered(segmentIds: readonly string[], fromTs: number, toTs: number, ispMs: number): Promise<Map<number, MeteredIsp>>;
  /**
   * nodeMetered (15-minute ISPs) and nodeFlows for many nodes in one pass over the rollup: `segmentsByNode`
   * maps each node to its segments. At fleet scale the rollup is written time-major (each refresh writes all
   * segments of a bucket), so one scan of the window beats one index walk per node.
   */
  nodesMetered(segmentsByNode: ReadonlyMap<string, readonly string[]>, fromTs: number, toTs: number): Promise<Map<string, Map<number, MeteredIsp>>>;
  nodesFlows(segmentsByNode: ReadonlyMap<string, readonly string[]>, fromTs: number, toTs: number): Promise<Map<string, Map<number, NodeFlows>>>;
  /** Each segment's mean net power per ISP in [fromTs, toTs). */
  segmentsMetered(segmentIds: readonly string[], fromTs: number, toTs: number, ispMs: number): Promise<Map<string, Map<number, number>>>;
  /** ISP starts of the node's other accepted orders in [fromTs, toTs): their days are event days, never baseline history. */
  otherOrderIsps(nodeId: string, orderId: string, fromTs: number, toTs: number): Promise<number[]>;
  /** Late-data marks after `afterId` whose intervals have been re-aggregated since, in log order, at most `limit`. */
  settledDataChanges(afterId: number, limit: number): Promise<DataChange[]>;
}

export const SETTLEMENT_INPUTS = Symbol('SETTLEMENT_INPUTS');
