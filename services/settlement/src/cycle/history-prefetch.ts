/**
 * One read of the rollup for the meter baselines of many due orders. A 10of10 baseline reads 46 days of its
 * node's quarter-hours; at fleet scale the rollup is written time-major (every refresh writes all segments
 * of a bucket), so one index walk per node reads most of the table's pages for the window, and 100 orders
 * read it 100 times (143 s in bench:settle at 10,000 segments against 52 s in one pass). Orders whose
 * windows lie close together (their union at most `MAX_SPAN_MS`) are read in one pass with nodesMetered;
 * each order then takes exactly its own window from it, so its statement is the same bytes either way.
 */
import { DAY_MS, HOUR_MS, ISP_MS } from '@trottoir/kernel';
import type { BaselineMethod } from '@trottoir/settlement';
import { LOOK_BACK_DAYS } from '@trottoir/settlement';

import type { DispatchedOrder, MeteredIsp, SettlementInputs } from '../inputs/settlement-inputs.port';

/** A group's window: one order's 46 days and a fortnight more of orders after it. */
const MAX_SPAN_MS = 62 * DAY_MS;

/** The node history a meter baseline of 15-minute ISPs reads: the look-back before the event, to 3 h after it for pjm-same-day. */
export function meterHistoryWindow(order: DispatchedOrder, method: BaselineMethod): { fromTs: number; toTs: number } {
  const starts = order.isps.map((isp) => isp.ispStart);
  const firstTs = Math.min(...starts);
  const endTs = Math.max(...starts) + order.ispMs;
  return { fromTs: firstTs - (LOOK_BACK_DAYS + 1) * DAY_MS, toTs: method === 'pjm-same-day' ? endTs + 3 * HOUR_MS : endTs };
}

interface Planned {
  order: DispatchedOrder;
  fromTs: number;
  toTs: number;
}

export class HistoryPrefetch {
  private readonly segments = new Map<string, string[]>();
  private readonly metered = new Map<string, Map<number, MeteredIsp>>();

  static readonly empty = new HistoryPrefetch();

  /** Reads the groups of `orders` (due, 15-minute ISPs, a meter baseline) that hold two orders or more. */
  static async read(inputs: SettlementInputs, orders: readonly { order: DispatchedOrder; method: BaselineMethod }[]): Promise<HistoryPrefetch> {
    const prefetch = new HistoryPrefetch();
    const planned: Planned[] = orders
      .filter(({ order, method }) => order.ispMs === ISP_MS && method !== 'curtailed-pv')
      .map(({ order, method }) => ({ order, ...meterHistoryWindow(order, method) }))
      .sort((a, b) => a.fromTs - b.fromTs);
    const groups: Planned[][] = [];
    for (const item of planned) {
      const group = groups[groups.length - 1];
      if (group && Math.max(item.toTs, ...group.map((g) => g.toTs)) - group[0].fromTs <= MAX_SPAN_MS) group.push(item);
      else groups.push([item]);
    }
    for (const group of groups.filter((g) => g.length > 1)) {
      const segmentsByNode = new Map<string, string[]>();
      for (const { order } of group) {
        if (!segmentsByNode.has(order.nodeId)) segmentsByNode.set(order.nodeId, await inputs.segmentsBelow(order.nodeId));
      }
      const fromTs = group[0].fromTs;
      const toTs = Math.max(...group.map((g) => g.toTs));
      const byNode = await inputs.nodesMetered(segmentsByNode, fromTs, toTs);
      for (const { order, fromTs: from, toTs: to } of group) {
        const series = new Map<number, MeteredIsp>();
        for (const [ts, isp] of byNode.get(order.nodeId) ?? []) if (ts >= from && ts < to) series.set(ts, isp);
        prefetch.segments.set(order.orderId, segmentsByNode.get(order.nodeId) ?? []);
        prefetch.metered.set(order.orderId, series);
      }
    }
    return prefetch;
  }

  /** The order's node segments and metered history, when read with others. */
  of(orderId: string): { segments: string[]; metered: Map<number, MeteredIsp> } | undefined {
    const metered = this.metered.get(orderId);
    return metered && { segments: this.segments.get(orderId) ?? [], metered };
  }

  get orders(): number {
    return this.metered.size;
  }
}
