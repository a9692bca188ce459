/**
 * The curtailed-pv baseline of a PV curtailment order, gathered: for each segment the order limited, its
 * neighbours' PV (the other segments of its grid node, then — only when none of those qualifies — of the
 * node's parent, and so on up to `widerTiers` levels) with every segment's PV limits over the look-back,
 * then its own forecast when no neighbour qualifies at all; the node's baseline is its metered net power
 * with each curtailment undone (curtailedPvNodeBaseline). Series are read lazily, tier by tier and for all
 * curtailed segments at once: a wider tier is many more segments and most orders never need it.
 */
import { DAY_MS } from '@trottoir/kernel';
import type { BaselineCalendar, CurtailedPvNodeResult, CurtailedPvResult, MeterSeries, PvSegmentSeries } from '@trottoir/settlement';
import { curtailedPvBaseline, curtailedPvNodeBaseline, LOOK_BACK_DAYS, qualifyingNeighbours } from '@trottoir/settlement';

import type { CurtailedPvInputs } from '../inputs/curtailed-pv-inputs.port';

interface Pending {
  segmentId: string;
  /** Grid node ids of its tiers, nearest first. */
  tierNodes: string[];
  /** Neighbour series per tier read so far. */
  tiers: PvSegmentSeries[][];
  found: boolean;
}

export class CurtailedPvGatherer {
  private readonly series = new Map<string, PvSegmentSeries>();
  private readonly members = new Map<string, string[]>();

  constructor(
    private readonly inputs: CurtailedPvInputs,
    private readonly widerTiers: number,
  ) {}

  /** Reads the series of the ids not read yet, over the look-back and the event. */
  private async load(segmentIds: Iterable<string>, fromTs: number, toTs: number): Promise<void> {
    const missing = [...new Set(segmentIds)].filter((id) => !this.series.has(id)).sort();
    if (missing.length === 0) return;
    const [pv, limited] = await Promise.all([this.inputs.segmentsPv(missing, fromTs, toTs), this.inputs.pvLimitedIsps(missing, fromTs, toTs)]);
    for (const segmentId of missing) this.series.set(segmentId, { segmentId, pvPowerW: pv.get(segmentId) ?? new Map(), curtailedTs: limited.get(segmentId) ?? new Set() });
  }

  private async membersOf(nodeId: string): Promise<string[]> {
    let members = this.members.get(nodeId);
    if (!members) this.members.set(nodeId, (members = await this.inputs.segmentsBelow(nodeId)));
    return members;
  }

  /** The node's baseline for the curtailed segments; `nodeMeteredW` is the node's covered metering in the event. */
  async baseline(commandedIds: readonly string[], nodeMeteredW: MeterSeries, calendar: BaselineCalendar): Promise<CurtailedPvNodeResult> {
    const eventIsps = calendar.eventIsps;
    const fromTs = eventIsps[0] - (LOOK_BACK_DAYS + 1) * DAY_MS;
    const toTs = eventIsps[eventIsps.length - 1] + 1;
    await this.load(commandedIds, fromTs, toTs);
    // The segments whose PV a setpoint limited in the event: on an order that also moved loads, those moves are
    // not what this method measures (the node's metering keeps them on both sides of the difference).
    const curtailedIds = commandedIds.filter((id) => eventIsps.some((ts) => this.series.get(id)?.curtailedTs.has(ts)));
    const pending: Pending[] = await Promise.all(
      curtailedIds.map(async (segmentId) => ({ segmentId, tierNodes: (await this.inputs.nodePathOf(segmentId)).slice(0, this.widerTiers + 1), tiers: [], found: false })),
    );
    for (let tier = 0; tier <= this.widerTiers; tier++) {
      const open = pending.filter((p) => !p.found && tier < p.tierNodes.length);
      if (open.length === 0) break;
      const tierIds = new Map<Pending, string[]>();
      for (const p of open) {
        // A tier is the node's segments not in a nearer tier.
        const nearer = new Set([p.segmentId, ...p.tiers.flat().map((s) => s.segmentId)]);
        tierIds.set(p, (await this.membersOf(p.tierNodes[tier])).filter((id) => !nearer.has(id)));
      }
      await this.load([...tierIds.values()].flat(), fromTs, toTs);
      for (const p of open) {
        p.tiers.push((tierIds.get(p) ?? []).map((id) => this.series.get(id) as PvSegmentSeries));
        p.found = qualifyingNeighbours(this.series.get(p.segmentId) as PvSegmentSeries, p.tiers, calendar) !== undefined;
      }
    }
    const segments = await Promise.all(
      pending.map(async (p) => {
        const segment = this.series.get(p.segmentId) as PvSegmentSeries;
        const forecastPowerW = p.found ? new Map<number, number>() : await this.inputs.segmentPvForecast(p.segmentId, eventIsps[0], eventIsps[0], toTs);
        const [neighbours = [], ...widerNeighbours] = p.tiers;
        const baseline: CurtailedPvResult = curtailedPvBaseline({ segment, forecastPowerW, neighbours, widerNeighbours }, calendar);
        const meteredPvW = new Map(eventIsps.filter((ts) => segment.pvPowerW.has(ts)).map((ts) => [ts, segment.pvPowerW.get(ts) as number]));
        return { segmentId: p.segmentId, meteredPvW, baseline };
      }),
    );
    return curtailedPvNodeBaseline(nodeMeteredW, eventIsps, segments);
  }
}
