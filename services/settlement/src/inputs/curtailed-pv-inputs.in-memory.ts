/**
 * CurtailedPvInputs in memory, for the unit specs and the contract suite: a grid tree, each segment's PV per
 * quarter-hour, the quarter-hours a setpoint limited its PV, and its forecasts as issued (P50 per quarter-hour).
 */
import type { CurtailedPvInputs } from './curtailed-pv-inputs.port';

export class InMemoryCurtailedPvInputs implements CurtailedPvInputs {
  /** nodeId → parent (undefined at a root). */
  readonly parentOf = new Map<string, string | undefined>();
  /** segmentId → its grid node. */
  readonly nodeOf = new Map<string, string>();
  /** segmentId → ISP start → mean PV, W. */
  readonly pvW = new Map<string, Map<number, number>>();
  readonly limited = new Map<string, Set<number>>();
  /** segmentId → issues, each with its P50 per ISP start. */
  readonly forecasts = new Map<string, { issuedAt: number; p50W: Map<number, number> }[]>();

  node(nodeId: string, parentId?: string): this {
    this.parentOf.set(nodeId, parentId);
    return this;
  }

  segment(segmentId: string, nodeId: string): this {
    this.nodeOf.set(segmentId, nodeId);
    return this;
  }

  pv(segmentId: string, ispStart: number, powerW: number): void {
    let series = this.pvW.get(segmentId);
    if (!series) this.pvW.set(segmentId, (series = new Map()));
    series.set(ispStart, powerW);
  }

  limit(segmentId: string, ispStart: number): void {
    let isps = this.limited.get(segmentId);
    if (!isps) this.limited.set(segmentId, (isps = new Set()));
    isps.add(ispStart);
  }

  forecast(segmentId: string, issuedAt: number, p50W: Map<number, number>): void {
    this.forecasts.set(segmentId, [...(this.forecasts.get(segmentId) ?? []), { issuedAt, p50W }]);
  }

  async nodePathOf(segmentId: string): Promise<string[]> {
    const path: string[] = [];
    for (let nodeId = this.nodeOf.get(segmentId); nodeId !== undefined; nodeId = this.parentOf.get(nodeId)) path.push(nodeId);
    return path;
  }

  async segmentsBelow(nodeId: string): Promise<string[]> {
    const out: string[] = [];
    for (const [segmentId, own] of this.nodeOf) {
      for (let at: string | undefined = own; at !== undefined; at = this.parentOf.get(at)) {
        if (at === nodeId) {
          out.push(segmentId);
          break;
        }
      }
    }
    return out.sort();
  }

  async segmentsPv(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<string, Map<number, number>>> {
    return new Map(segmentIds.map((id) => [id, new Map([...(this.pvW.get(id) ?? [])].filter(([ts]) => ts >= fromTs && ts < toTs))]));
  }

  async pvLimitedIsps(segmentIds: readonly string[], fromTs: number, toTs: number): Promise<Map<string, Set<number>>> {
    return new Map(segmentIds.map((id) => [id, new Set([...(this.limited.get(id) ?? [])].filter((ts) => ts >= fromTs && ts < toTs))]));
  }

  async segmentPvForecast(segmentId: string, issuedAtOrBeforeTs: number, fromTs: number, toTs: number): Promise<Map<number, number>> {
    const issue = (this.forecasts.get(segmentId) ?? []).filter((f) => f.issuedAt <= issuedAtOrBeforeTs).sort((a, b) => b.issuedAt - a.issuedAt)[0];
    return new Map([...(issue?.p50W ?? [])].filter(([ts]) => ts >= fromTs && ts < toTs));
  }
}
