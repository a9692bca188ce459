/**
 * SettlementInputs in memory, for the unit specs of the cycle: orders as dispatch would have stored them,
 * the segments below each node, each segment's mean net power per ISP (what the rollups hold), and a
 * late-data log with its marks, which `refresh` clears as ingestion's rollup refresh does.
 */
import { ISP_MS } from '@trottoir/kernel';

import type { DataChange } from '../store/statement-records';
import type { DispatchedOrder, MeteredIsp, NodeFlows, SettlementInputs } from './settlement-inputs.port';

export class InMemorySettlementInputs implements SettlementInputs {
  readonly orders = new Map<string, DispatchedOrder>();
  readonly below = new Map<string, string[]>();
  /** segmentId → ISP start → mean net power, W (at the order's ISP length). */
  readonly netPowerW = new Map<string, Map<number, number>>();
  readonly dsoByNode = new Map<string, string>();
  /** segmentId → 15-minute ISP start → flows (segmentsMetered 1). */
  readonly flows = new Map<string, Map<number, Omit<NodeFlows, 'segmentsMetered'>>>();
  private readonly log: DataChange[] = [];
  private readonly marked = new Set<number>();

  /** Late data for a segment's ISP: the value changes and its quarter-hour is marked (not yet refreshed). */
  lateReading(segmentId: string, ispStart: number, netPowerW: number): void {
    this.reading(segmentId, ispStart, netPowerW);
    this.markLate(ispStart);
  }

  /** Ingestion's mark of late data at `ts`, logged as the trigger logs it. */
  markLate(ts: number): void {
    const bucket = Math.floor(ts / ISP_MS) * ISP_MS;
    this.marked.add(bucket);
    this.log.push({ changeId: this.log.length + 1, bucketStartTs: bucket });
  }

  reading(segmentId: string, ispStart: number, netPowerW: number): void {
    let series = this.netPowerW.get(segmentId);
    if (!series) this.netPowerW.set(segmentId, (series = new Map()));
    series.set(ispStart, netPowerW);
  }

  /** The rollup refresh: marked intervals are re-aggregated and their marks cleared. */
  refresh(): void {
    this.marked.clear();
  }

  async dsoOfNode(nodeId: string): Promise<string | undefined> {
    return this.dsoByNode.get(nodeId);
  }

  async nodeFlows(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<number, NodeFlows>> {
    const out = new Map<number, NodeFlows>();
    for (const segmentId of segmentIds) {
      for (const [ts, f] of this.flows.get(segmentId) ?? []) {
        if (ts < fromTs || ts >= toTs) continue;
        const sum = out.get(ts) ?? { pvW: 0, lightsW: 0, evW: 0, segmentsMetered: 0 };
        out.set(ts, { pvW: sum.pvW + f.pvW, lightsW: sum.lightsW + f.lightsW, evW: sum.evW + f.evW, segmentsMetered: sum.segmentsMetered + 1 });
      }
    }
    return out;
  }

  async nodesMetered(segmentsByNode: ReadonlyMap<string, readonly string[]>, fromTs: number, toTs: number): Promise<Map<string, Map<number, MeteredIsp>>> {
    const out = new Map<string, Map<number, MeteredIsp>>();
    for (const [node, ids] of segmentsByNode) out.set(node, await this.nodeMetered(ids, fromTs, toTs));
    return out;
  }

  async nodesFlows(segmentsByNode: ReadonlyMap<string, readonly string[]>, fromTs: number, toTs: number): Promise<Map<string, Map<number, NodeFlows>>> {
    const out = new Map<string, Map<number, NodeFlows>>();
    for (const [node, ids] of segmentsByNode) out.set(node, await this.nodeFlows(ids, fromTs, toTs));
    return out;
  }

  async dispatchedOrder(orderId: string): Promise<DispatchedOrder | undefined> {
    return this.orders.get(orderId);
  }

  async segmentsBelow(nodeId: string): Promise<string[]> {
    return [...(this.below.get(nodeId) ?? [])].sort();
  }

  async nodeMetered(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<number, MeteredIsp>> {
    const out = new Map<number, MeteredIsp>();
    for (const segmentId of segmentIds) {
      for (const [ts, w] of this.netPowerW.get(segmentId) ?? []) {
        if (ts < fromTs || ts >= toTs) continue;
        const isp = out.get(ts) ?? { sumW: 0, segmentsMetered: 0, sampleCount: 0 };
        out.set(ts, { sumW: isp.sumW + w, segmentsMetered: isp.segmentsMetered + 1, sampleCount: isp.sampleCount + 1 });
      }
    }
    return out;
  }

  async segmentsMetered(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<string, Map<number, number>>> {
    return new Map(segmentIds.map((id) => [id, new Map([...(this.netPowerW.get(id) ?? [])].filter(([ts]) => ts >= fromTs && ts < toTs))]));
  }

  async otherOrderIsps(nodeId: string, orderId: string, fromTs: number, toTs: number): Promise<number[]> {
    return [...this.orders.values()]
      .filter((order) => order.nodeId === nodeId && order.orderId !== orderId && order.status === 'accepted')
      .flatMap((order) => order.isps.map((isp) => isp.ispStart))
      .filter((ts) => ts >= fromTs && ts < toTs)
      .sort((a, b) => a - b);
  }

  async settledDataChanges(afterId: number, limit: number): Promise<DataChange[]> {
    const ready: DataChange[] = [];
    for (const change of this.log) {
      if (change.changeId <= afterId) continue;
      if (this.marked.has(change.bucketStartTs) || ready.length === limit) break;
      ready.push(change);
    }
    return ready;
  }
}
