/**
 * What the organiser of a collective self-consumption operation feeds in (issue 11 §3): the consumption of
 * participants the segments do not meter (nearby buildings), and, with the `custom` key, each ISP's shares.
 * Recorded append-only: a newer record for the same ISP and participant wins, nothing is overwritten.
 */
export interface ConsumptionIsp {
  /** Start of a 15-minute ISP, epoch ms UTC. */
  ispStart: number;
  /** Mean consumption over the ISP, W (≥ 0). */
  powerW: number;
}

export interface IspShares {
  ispStart: number;
  /** participant → share of the ISP's production (each from 0 to 1, Σ ≤ 1). */
  shares: Readonly<Record<string, number>>;
}

export interface OrganiserData {
  recordConsumption(nodeId: string, participant: string, isps: readonly ConsumptionIsp[], recordedAt: number): Promise<void>;
  recordShares(nodeId: string, isps: readonly IspShares[], recordedAt: number): Promise<void>;
  /** participant → ISP start → W in [fromTs, toTs), the newest record of each. */
  consumption(nodeId: string, fromTs: number, toTs: number): Promise<Map<string, Map<number, number>>>;
  /** ISP start → participant → share in [fromTs, toTs), the newest record of each. */
  shares(nodeId: string, fromTs: number, toTs: number): Promise<Map<number, Map<string, number>>>;
}

export const ORGANISER_DATA = Symbol('ORGANISER_DATA');
