/**
 * Each segment's share of its node's delivery and money: per ISP, pro rata of the change of net power the
 * segment was commanded in the order's direction (a segment asked to move the other way, or not at all,
 * gets no share of that ISP). Whole Wh and cents split by largest remainder, so the segments' shares add
 * up to the node's figures exactly, ISP by ISP and in total.
 */
import { isoOf, SettlementInputError } from '../errors';
import { splitProRata } from '../exact';
import type { OrderSettlement } from './order-settlement';

export interface SetpointChange {
  /** Start of the ISP, epoch ms UTC. */
  ts: number;
  segmentId: string;
  /** The change of net power the segment was commanded for the ISP, W, signed like the order. */
  commandedChangeW: number;
}

export interface ShareFigures {
  deliveredWh: number;
  remunerationCents: number;
  penaltyCents: number;
  netCents: number;
}

export interface SegmentIspShare extends ShareFigures {
  ts: number;
  segmentId: string;
}

export interface SegmentShare extends ShareFigures {
  segmentId: string;
}

export interface SegmentShares {
  /** Per ISP and segment with a share, time order then segment id. */
  isps: SegmentIspShare[];
  /** Per segment, in segment id order (every segment named by a setpoint). */
  segments: SegmentShare[];
  /** What no segment was commanded for (ISPs without a setpoint in the order's direction): left with the node. */
  unallocated: ShareFigures & { ispTs: number[] };
}

const zero = (): ShareFigures => ({ deliveredWh: 0, remunerationCents: 0, penaltyCents: 0, netCents: 0 });

function add(into: ShareFigures, from: ShareFigures): void {
  into.deliveredWh += from.deliveredWh;
  into.remunerationCents += from.remunerationCents;
  into.penaltyCents += from.penaltyCents;
  into.netCents += from.netCents;
}

/** Splits a settled order among segments by their setpoints. Ties in the largest remainder go to the smaller segment id. */
export function shareBySetpoints(order: OrderSettlement, setpoints: readonly SetpointChange[]): SegmentShares {
  const byTs = new Map(order.isps.map((isp) => [isp.ts, new Map<string, number>()]));
  for (const setpoint of setpoints) {
    const changes = byTs.get(setpoint.ts);
    if (!changes) throw new SettlementInputError(`setpoint of ${setpoint.segmentId} at ${isoOf(setpoint.ts)}: the order has no such ISP`);
    if (!Number.isFinite(setpoint.commandedChangeW)) throw new SettlementInputError(`setpoint of ${setpoint.segmentId} at ${isoOf(setpoint.ts)}: commanded change ${setpoint.commandedChangeW} is not a number of W`);
    if (changes.has(setpoint.segmentId)) throw new SettlementInputError(`two setpoints of ${setpoint.segmentId} at ${isoOf(setpoint.ts)}: give one commanded change per segment and ISP`);
    changes.set(setpoint.segmentId, setpoint.commandedChangeW);
  }
  const segmentIds = [...new Set(setpoints.map((s) => s.segmentId))].sort();
  const totals = new Map(segmentIds.map((id) => [id, zero()]));
  const isps: SegmentIspShare[] = [];
  const unallocated = { ...zero(), ispTs: [] as number[] };
  for (const isp of order.isps) {
    const changes = byTs.get(isp.ts) as Map<string, number>;
    const direction = Math.sign(isp.orderedW);
    const weights = segmentIds.map((id) => Math.max(0, direction * (changes.get(id) ?? 0)));
    const delivered = splitProRata(isp.deliveredWh, weights);
    if (!delivered) {
      add(unallocated, isp);
      if (isp.deliveredWh !== 0 || isp.remunerationCents !== 0 || isp.penaltyCents !== 0) unallocated.ispTs.push(isp.ts);
      continue;
    }
    const remuneration = splitProRata(isp.remunerationCents, weights) as number[];
    const penalty = splitProRata(isp.penaltyCents, weights) as number[];
    segmentIds.forEach((segmentId, i) => {
      if (weights[i] === 0) return;
      const share = { deliveredWh: delivered[i], remunerationCents: remuneration[i], penaltyCents: penalty[i], netCents: remuneration[i] - penalty[i] };
      isps.push({ ts: isp.ts, segmentId, ...share });
      add(totals.get(segmentId) as ShareFigures, share);
    });
  }
  return { isps, segments: segmentIds.map((segmentId) => ({ segmentId, ...(totals.get(segmentId) as ShareFigures) })), unallocated };
}
