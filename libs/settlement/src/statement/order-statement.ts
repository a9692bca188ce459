/**
 * The statement of one flex order: per ISP what was ordered, the baseline (the order's method, frozen
 * here with the days it read), what was metered at the node and what that delivered, with the money in
 * integer cents; then each commanded segment's share (pro rata of its setpoints, see shareBySetpoints)
 * and the extent of the inputs. A plain JSON document: printed canonically, it is what is hashed, stored
 * and published, so the same inputs always give the same bytes.
 *
 * Powers are rounded to the milliwatt before anything is computed from them, so the figures printed are
 * exactly the figures the money was computed from (a reader can redo every sum from the document alone).
 */
import { isoOf, SettlementInputError } from '../errors';
import { roundMilliW } from '../exact';
import type { BaselineMethod, BaselineResult } from '../baseline/baseline.types';
import type { CurtailedSegmentBaseline } from '../baseline/curtailed-pv-node';
import type { OrderSettlement, OrderTotals, SettledIsp } from '../delivery/order-settlement';
import { settleOrder } from '../delivery/order-settlement';
import type { SetpointChange } from '../delivery/segment-shares';
import { shareBySetpoints } from '../delivery/segment-shares';

export const ORDER_STATEMENT_FORMAT = 'trottoir.settlement.order-statement/1';


export interface StatementOrderIsp {
  ispStart: number;
  /** Ordered change of net power, W, signed as in the order. */
  orderedW: number;
  /** The offer's price for this ISP, integer cents per MWh. */
  priceCentsPerMWh: number;
}

export interface NodeMeteredIsp {
  ispStart: number;
  /** Σ of the segments' mean net power below the node, W; NaN when nothing was metered (the ISP waits). */
  meteredW: number;
  /** Segments below the node with data in the ISP, and how many there are. */
  segmentsMetered: number;
  segmentsBelow: number;
  /** Raw readings behind the rollups summed. */
  sampleCount: number;
}

export interface CommandedSegment {
  segmentId: string;
  isps: { ispStart: number; commandedChangeW: number; meteredW: number | null }[];
}

export interface OrderStatementInput {
  order: { orderId: string; offerId: string; nodeId: string; dsoId: string; ispMs: number; currency: string; isps: StatementOrderIsp[] };
  terms: { baselineMethod: BaselineMethod; tolerance: number; penaltyFactor: number };
  /** curtailed-pv also gives where each curtailed segment's estimate came from (printed, so it can be redone). */
  baseline: BaselineResult & { source?: string; curtailedSegments?: CurtailedSegmentBaseline[] };
  metered: NodeMeteredIsp[];
  segments: CommandedSegment[];
  /** What the baseline calendar was read with, recorded so that the run can be redone. */
  calendar: { timeZone: string; eventDays: string[]; holidays: string[] };
}

interface IspLine extends Omit<SettledIsp, 'ts'> {
  ispStart: number;
  priceCentsPerMWh: number;
  segmentsMetered: number;
  segmentsBelow: number;
  sampleCount: number;
}

function byTs<T extends { ispStart: number }>(items: readonly T[], what: string): Map<number, T> {
  const map = new Map<number, T>();
  for (const item of items) {
    if (map.has(item.ispStart)) throw new SettlementInputError(`${what}: the ISP ${isoOf(item.ispStart)} is given twice`);
    map.set(item.ispStart, item);
  }
  return map;
}

/** Settles every ISP at its own price (an offer may price ISPs differently), as one settlement. */
function settleAtIspPrices(input: OrderStatementInput): OrderSettlement {
  const baseline = new Map(input.baseline.isps.map((isp) => [isp.ts, isp.baselineW]));
  const metered = byTs(input.metered, 'metered');
  const terms = { tolerance: input.terms.tolerance, penaltyFactor: input.terms.penaltyFactor };
  const isps = [...input.order.isps].sort((a, b) => a.ispStart - b.ispStart);
  if (isps.length === 0) throw new SettlementInputError(`order ${input.order.orderId} has no ISP`);
  const settled = isps.map(
    (isp) =>
      settleOrder(
        [{ ts: isp.ispStart, orderedW: roundMilliW(isp.orderedW), baselineW: roundMilliW(baseline.get(isp.ispStart) ?? NaN), meteredW: roundMilliW(metered.get(isp.ispStart)?.meteredW ?? NaN) }],
        { ...terms, priceCentsPerMWh: isp.priceCentsPerMWh },
        input.order.ispMs,
      ),
  );
  const totals: OrderTotals = { orderedWh: 0, deliveredWh: 0, paidWh: 0, shortfallWh: 0, remunerationCents: 0, penaltyCents: 0, netCents: 0 };
  for (const one of settled) for (const key of Object.keys(totals) as (keyof OrderTotals)[]) totals[key] += one.totals[key];
  return { terms: settled[0].terms, isps: settled.flatMap((one) => one.isps), totals };
}

/** The statement document of an order (see the module comment); throws MissingDataError while an ISP cannot be settled. */
export function buildOrderStatement(input: OrderStatementInput) {
  const settlement = settleAtIspPrices(input);
  const metered = byTs(input.metered, 'metered');
  const prices = byTs(input.order.isps, 'order');
  const changes: SetpointChange[] = input.segments.flatMap((segment) =>
    segment.isps.map((isp) => ({ ts: isp.ispStart, segmentId: segment.segmentId, commandedChangeW: roundMilliW(isp.commandedChangeW) })),
  );
  const shares = shareBySetpoints(settlement, changes);
  const shareOf = new Map(shares.isps.map((share) => [`${share.segmentId}@${share.ts}`, share]));
  const isps: IspLine[] = settlement.isps.map(({ ts, ...isp }) => {
    const node = metered.get(ts) as NodeMeteredIsp;
    return {
      ispStart: ts,
      priceCentsPerMWh: (prices.get(ts) as StatementOrderIsp).priceCentsPerMWh,
      ...isp,
      deliveredW: roundMilliW(isp.deliveredW),
      segmentsMetered: node.segmentsMetered,
      segmentsBelow: node.segmentsBelow,
      sampleCount: node.sampleCount,
    };
  });
  const segments = [...input.segments]
    .sort((a, b) => (a.segmentId < b.segmentId ? -1 : a.segmentId > b.segmentId ? 1 : 0))
    .map((segment) => {
      const total = shares.segments.find((share) => share.segmentId === segment.segmentId);
      return {
        segmentId: segment.segmentId,
        deliveredWh: total?.deliveredWh ?? 0,
        remunerationCents: total?.remunerationCents ?? 0,
        penaltyCents: total?.penaltyCents ?? 0,
        netCents: total?.netCents ?? 0,
        isps: [...segment.isps]
          .sort((a, b) => a.ispStart - b.ispStart)
          .map((isp) => {
            const share = shareOf.get(`${segment.segmentId}@${isp.ispStart}`);
            return {
              ispStart: isp.ispStart,
              commandedChangeW: roundMilliW(isp.commandedChangeW),
              meteredW: isp.meteredW === null ? null : roundMilliW(isp.meteredW),
              deliveredWh: share?.deliveredWh ?? 0,
              remunerationCents: share?.remunerationCents ?? 0,
              penaltyCents: share?.penaltyCents ?? 0,
              netCents: share?.netCents ?? 0,
            };
          }),
      };
    });
  const { order } = input;
  const firstTs = isps[0].ispStart;
  const lastTs = isps[isps.length - 1].ispStart;
  return {
    format: ORDER_STATEMENT_FORMAT,
    orderId: order.orderId,
    offerId: order.offerId,
    nodeId: order.nodeId,
    dsoId: order.dsoId,
    ispMs: order.ispMs,
    currency: order.currency,
    terms: { baselineMethod: input.terms.baselineMethod, tolerance: settlement.terms.tolerance, penaltyFactor: settlement.terms.penaltyFactor },
    baseline: {
      method: input.baseline.method,
      adjustment: input.baseline.adjustment,
      daysUsed: [...input.baseline.daysUsed],
      ...(input.baseline.source === undefined ? {} : { source: input.baseline.source }),
      ...(input.baseline.curtailedSegments === undefined
        ? {}
        : {
            curtailedSegments: input.baseline.curtailedSegments.map((segment) => ({
              ...segment,
              neighbours: segment.neighbours.map((neighbour) => ({ ...neighbour })),
              isps: segment.isps.map((isp) => ({ ...isp })),
            })),
          }),
    },
    isps,
    segments,
    unallocated: shares.unallocated,
    totals: settlement.totals,
    inputs: {
      meteredFromTs: firstTs,
      meteredToTs: lastTs + order.ispMs,
      baselineDays: [...input.baseline.daysUsed],
      timeZone: input.calendar.timeZone,
      eventDays: [...input.calendar.eventDays].sort(),
      holidays: [...input.calendar.holidays].sort(),
    },
  };
}

export type OrderStatementDocument = ReturnType<typeof buildOrderStatement>;
