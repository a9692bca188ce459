/**
 * A PV curtailment order's baseline at its grid node: the node's metered net power with each curtailed
 * segment's curtailment undone. Net power is import positive, so a segment's tiles that would have made
 * `baselinePvW` but made `meteredPvW` raised the node's net by the difference:
 *
 *   node baseline = node metered − Σ over curtailed segments (baselinePvW − meteredPvW)
 *
 * and delivered = metered − baseline is exactly the PV the setpoints held back, whatever the loads did
 * meanwhile (a car arriving is neither delivery nor shortfall, unlike a meter baseline of the node).
 *
 * A curtailed segment with no PV reading in an ISP is also absent from the node's metered sum (both come
 * from the same rollup row), so it is left out of that ISP's correction: its curtailment is unmeasured,
 * not guessed, and the node's coverage rule decides whether the ISP is settled at all.
 */
import { SettlementInputError } from '../errors';
import { roundMilliW } from '../exact';
import type { MeterSeries } from '../meter-series';
import type { BaselineResult } from './baseline.types';
import type { CurtailedPvResult, NeighbourUsed } from './curtailed-pv';

export interface CurtailedSegmentInput {
  segmentId: string;
  /** The segment's metered PV per event ISP, W (a missing ISP is missing data). */
  meteredPvW: MeterSeries;
  /** Its curtailed-pv baseline over the same event ISPs. */
  baseline: CurtailedPvResult;
}

/** What the statement records of each curtailed segment, so an auditor can redo the node's baseline. */
export interface CurtailedSegmentBaseline {
  segmentId: string;
  source: CurtailedPvResult['source'];
  neighbourTier: number | null;
  neighbours: { segmentId: string; ratio: number }[];
  isps: { ispStart: number; baselinePvW: number; meteredPvW: number | null }[];
}

export interface CurtailedPvNodeResult extends BaselineResult {
  method: 'curtailed-pv';
  /** `neighbours`, `forecast`, or `neighbours+forecast` when the segments' sources differ. */
  source: string;
  curtailedSegments: CurtailedSegmentBaseline[];
}

/** Ratios to 1e-9: far below what a meter resolves, and what the document prints. */
const roundRatio = (ratio: number): number => Math.round(ratio * 1e9) / 1e9;

export function curtailedPvNodeBaseline(nodeMeteredW: MeterSeries, eventIsps: readonly number[], segments: readonly CurtailedSegmentInput[]): CurtailedPvNodeResult {
  const ordered = [...segments].sort((a, b) => (a.segmentId < b.segmentId ? -1 : a.segmentId > b.segmentId ? 1 : 0));
  const curtailedSegments: CurtailedSegmentBaseline[] = ordered.map(({ segmentId, meteredPvW, baseline }) => {
    const baselineOf = new Map(baseline.isps.map((isp) => [isp.ts, isp.baselineW]));
    return {
      segmentId,
      source: baseline.source,
      neighbourTier: baseline.neighbourTier,
      neighbours: baseline.neighboursUsed.map((neighbour: NeighbourUsed) => ({ segmentId: neighbour.segmentId, ratio: roundRatio(neighbour.ratio) })),
      isps: eventIsps.map((ts) => {
        const baselinePvW = baselineOf.get(ts);
        if (baselinePvW === undefined) throw new SettlementInputError(`curtailed-pv: the baseline of ${segmentId} has no value for an event ISP`);
        // To the milliwatt before the sum, as the statement prints them: the node's baseline can be redone from the document.
        const metered = meteredPvW.get(ts);
        return { ispStart: ts, baselinePvW: roundMilliW(baselinePvW), meteredPvW: metered === undefined ? null : roundMilliW(metered) };
      }),
    };
  });
  const isps = eventIsps.map((ts, i) => {
    const meteredW = nodeMeteredW.get(ts);
    if (meteredW === undefined) return { ts, baselineW: Number.NaN };
    let heldBackW = 0;
    for (const segment of curtailedSegments) {
      const { baselinePvW, meteredPvW } = segment.isps[i];
      if (meteredPvW !== null) heldBackW += baselinePvW - meteredPvW;
    }
    return { ts, baselineW: roundMilliW(roundMilliW(meteredW) - heldBackW) };
  });
  const sources = [...new Set(curtailedSegments.map((segment) => segment.source))].sort((a, b) => (a === 'neighbours' ? -1 : b === 'neighbours' ? 1 : 0));
  const daysUsed = [...new Set(segments.flatMap((segment) => segment.baseline.daysUsed))].sort();
  return { method: 'curtailed-pv', isps, adjustment: null, daysUsed, source: sources.join('+'), curtailedSegments };
}
