/**
 * What the curtailed-pv baseline reads beyond a meter baseline's inputs: where a segment sits in the grid
 * tree (its neighbours are the other segments of its node, then of the node's parent…), each segment's
 * metered PV per 15-minute ISP, the ISPs in which a setpoint limited a segment's PV (those readings are
 * not what its tiles could make), and a segment's own PV forecast for the fallback. Read-only.
 */
export interface CurtailedPvInputs {
  /** The segment's grid node then its ancestors, nearest first ([] for an unknown segment). */
  nodePathOf(segmentId: string): Promise<string[]>;
  /** Ids of the segments below a grid node (its whole subtree), sorted. */
  segmentsBelow(nodeId: string): Promise<string[]>;
  /** Each segment's mean PV power per 15-minute ISP in [fromTs, toTs), W (telemetry_15m). */
  segmentsPv(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<string, Map<number, number>>>;
  /** Per segment, the starts of the 15-minute ISPs in [fromTs, toTs) in which an accepted order's setpoint limited its PV. */
  pvLimitedIsps(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<string, Set<number>>>;
  /**
   * The segment's P50 PV forecast per 15-minute ISP in [fromTs, toTs), W, from the latest issue at or before
   * `issuedAtOrBeforeTs` (an empty map when there is none).
   */
  segmentPvForecast(segmentId: string, issuedAtOrBeforeTs: number, fromTs: number, toTs: number): Promise<Map<number, number>>;
}

export const CURTAILED_PV_INPUTS = Symbol('CURTAILED_PV_INPUTS');
