/**
 * Gathers what an order's statement is computed from: the baseline method (a term of the order; when it
 * names none, 10of10 for a load order and curtailed-pv for a PV curtailment order), the node's metered ISPs
 * summed over the segments below it, the baseline's history from the same rollups, the commanded segments'
 * own metering, and the extent of all of it (what later data would change).
 */
import { HOUR_MS, ISP_MS, localDateOf } from '@trottoir/kernel';
import type { BaselineMethod, BaselineResult, MeterSeries, OrderStatementInput } from '@trottoir/settlement';
import { baselineCalendar, meterBaseline, meterBeforeBaseline, METER_BASELINE_METHODS, SettlementInputError } from '@trottoir/settlement';

import type { CurtailedPvInputs } from '../inputs/curtailed-pv-inputs.port';
import type { DispatchedOrder, MeteredIsp, SettlementInputs } from '../inputs/settlement-inputs.port';
import type { SettlementConfig } from '../settlement.config';
import type { InputExtent } from '../store/statement-records';
import { CurtailedPvGatherer } from './curtailed-pv.gatherer';
import { HistoryPrefetch, meterHistoryWindow } from './history-prefetch';

const BASELINE_METHODS: readonly BaselineMethod[] = [...METER_BASELINE_METHODS, 'curtailed-pv'];

/** The 10of10 day-of adjustment reads from 4 h before the event; pjm-same-day up to 3 h after it. */
const BEFORE_EVENT_MS = 4 * HOUR_MS;
const AFTER_EVENT_MS = 3 * HOUR_MS;

export function baselineMethodOf(order: DispatchedOrder): BaselineMethod {
  const method = order.baselineMethod === '' ? (order.pvCurtailmentOnly ? 'curtailed-pv' : '10of10') : order.baselineMethod;
  if (!BASELINE_METHODS.includes(method as BaselineMethod)) throw new SettlementInputError(`order ${order.orderId}: unknown baseline method "${method}" (one of ${BASELINE_METHODS.join(', ')})`);
  return method as BaselineMethod;
}

/** When the order can be settled: its last ISP's end + the delay (pjm-same-day reads 3 h beyond the event). */
export function dueAtOf(order: DispatchedOrder, method: BaselineMethod, delayMs: number): number {
  const lastEnd = Math.max(...order.isps.map((isp) => isp.ispStart)) + order.ispMs;
  return lastEnd + delayMs + (method === 'pjm-same-day' ? AFTER_EVENT_MS : 0);
}

export class StatementInputGatherer {
  constructor(
    private readonly inputs: SettlementInputs,
    private readonly pvInputs: CurtailedPvInputs,
    private readonly config: SettlementConfig,
  ) {}

  /** The node's series from metered ISPs, keeping only those enough segments reported in. */
  private covered(metered: Map<number, MeteredIsp>, segmentsBelow: number): MeterSeries {
    const needed = Math.ceil(this.config.minCoverage * segmentsBelow);
    const series = new Map<number, number>();
    for (const [ts, isp] of metered) if (isp.segmentsMetered >= needed) series.set(ts, isp.sumW);
    return series;
  }

  async gather(order: DispatchedOrder, prefetch: HistoryPrefetch = HistoryPrefetch.empty): Promise<{ input: OrderStatementInput; extent: InputExtent }> {
    const method = baselineMethodOf(order);
    const { ispMs } = order;
    if (ispMs !== ISP_MS && method !== 'mbma') throw new SettlementInputError(`order ${order.orderId}: ${method} reads days of 15-minute ISPs; this order's ISPs last ${ispMs} ms (only mbma applies)`);
    const starts = order.isps.map((isp) => isp.ispStart).sort((a, b) => a - b);
    const firstTs = starts[0];
    const endTs = starts[starts.length - 1] + ispMs;
    const prefetched = method === 'curtailed-pv' || ispMs !== ISP_MS ? undefined : prefetch.of(order.orderId);
    const segments = prefetched?.segments ?? (await this.inputs.segmentsBelow(order.nodeId));
    if (segments.length === 0) throw new SettlementInputError(`order ${order.orderId}: no segment below grid node ${order.nodeId} in the registry`);

    let baseline: BaselineResult;
    let dataFromTs: number;
    let dataToTs = endTs;
    let eventDays: string[] = [];
    let metered: Map<number, MeteredIsp>;
    const commandedIds = [...new Set(order.commanded.map((c) => c.segmentId))].sort();
    if (method === 'curtailed-pv') {
      // The event only: the history read is the segments' PV, not the node's net power.
      metered = await this.inputs.nodeMetered(segments, firstTs, endTs, ISP_MS);
      const calendar = baselineCalendar({ eventStartTs: firstTs, eventEndTs: endTs, timeZone: this.config.timeZone, holidays: this.config.holidays });
      baseline = await new CurtailedPvGatherer(this.pvInputs, this.config.curtailedPvWiderTiers).baseline(commandedIds, this.covered(metered, segments.length), calendar);
      dataFromTs = firstTs;
    } else if (ispMs !== ISP_MS) {
      metered = await this.inputs.nodeMetered(segments, firstTs - ispMs, endTs, ispMs);
      baseline = meterBeforeBaseline(this.covered(metered, segments.length), starts, ispMs);
      dataFromTs = firstTs - ispMs;
    } else {
      const { fromTs: historyFromTs, toTs: historyToTs } = meterHistoryWindow(order, method);
      eventDays = [...new Set((await this.inputs.otherOrderIsps(order.nodeId, order.orderId, historyFromTs, endTs)).map((ts) => localDateOf(ts, this.config.timeZone)))].sort();
      metered = prefetched?.metered ?? (await this.inputs.nodeMetered(segments, historyFromTs, historyToTs, ISP_MS));
      const calendar = baselineCalendar({ eventStartTs: firstTs, eventEndTs: endTs, timeZone: this.config.timeZone, eventDays, holidays: this.config.holidays });
      baseline = meterBaseline(method, this.covered(metered, segments.length), calendar);
      dataFromTs = method === 'mbma' ? firstTs - ispMs : method === 'nodes5' ? firstTs : firstTs - BEFORE_EVENT_MS;
      dataToTs = historyToTs;
    }

    const needed = Math.ceil(this.config.minCoverage * segments.length);
    const segmentMeters = commandedIds.length === 0 ? new Map<string, Map<number, number>>() : await this.inputs.segmentsMetered(commandedIds, firstTs, endTs, ispMs);
    const input: OrderStatementInput = {
      order: { orderId: order.orderId, offerId: order.offerId, nodeId: order.nodeId, dsoId: order.dsoId, ispMs, currency: order.currency || this.config.currencyFallback, isps: [...order.isps] },
      terms: { baselineMethod: method, tolerance: this.config.tolerance, penaltyFactor: this.config.penaltyFactor },
      baseline,
      metered: starts.map((ts) => {
        const isp = metered.get(ts);
        return {
          ispStart: ts,
          meteredW: isp && isp.segmentsMetered >= needed ? isp.sumW : Number.NaN,
          segmentsMetered: isp?.segmentsMetered ?? 0,
          segmentsBelow: segments.length,
          sampleCount: isp?.sampleCount ?? 0,
        };
      }),
      segments: commandedIds.map((segmentId) => ({
        segmentId,
        isps: order.commanded
          .filter((c) => c.segmentId === segmentId)
          .map((c) => ({ ispStart: c.ispStart, commandedChangeW: c.changeW, meteredW: segmentMeters.get(segmentId)?.get(c.ispStart) ?? null })),
      })),
      calendar: { timeZone: this.config.timeZone, eventDays, holidays: [...this.config.holidays] },
    };
    return { input, extent: { dataFromTs, dataToTs, baselineDays: baseline.daysUsed } };
  }
}
