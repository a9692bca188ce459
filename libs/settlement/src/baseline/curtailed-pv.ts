/**
 * `curtailed-pv`: what a curtailed segment's tiles would have produced. No standard baseline covers it. The
 * uncurtailed segments of the same grid node share its sky (clouds move across a few streets in minutes),
 * but not its tiles (area, soiling, shade, parked cars): each neighbour's production is scaled by the ratio
 * of the two segments' yields over recent days on which neither was curtailed, and the estimate is the mean
 * of the scaled neighbours. When none of the node qualifies (an order often curtails every segment of a small
 * node, and some nodes hold one segment), the next tier of neighbours is tried — the segments under the node's
 * parent, then further up, as the caller gives them: segments a few streets away still share most of the sky,
 * which a forecast does not know. With no qualifying neighbour in any tier it falls back to the segment's own
 * PV forecast.
 */
import { isoOf, MissingDataError } from '../errors';
import type { MeterSeries } from '../meter-series';
import type { BaselineCalendar, HistoryDay } from './baseline-calendar';
import type { BaselineResult } from './baseline.types';

export const CURTAILED_PV = {
  /** Reference days wanted per neighbour: the most recent in the look-back. */
  referenceDays: 7,
  /** Fewer common uncurtailed days than this and the neighbour does not qualify. */
  minReferenceDays: 3,
} as const;

export interface PvSegmentSeries {
  segmentId: string;
  /** Measured PV production per ISP start, W (≥ 0; a missing ISP is missing data). */
  pvPowerW: MeterSeries;
  /** Starts of the ISPs in which a setpoint limited the segment's PV. */
  curtailedTs: ReadonlySet<number>;
}

export interface CurtailedPvInput {
  /** The curtailed segment: its history gives the yield ratios; its event ISPs are not read. */
  segment: PvSegmentSeries;
  /** The segment's own PV forecast per event ISP, W (e.g. the P50 issued before the order): the fallback. */
  forecastPowerW: MeterSeries;
  /** The other segments of the same grid node. */
  neighbours: readonly PvSegmentSeries[];
  /**
   * Farther tiers, nearest first (e.g. the other segments under the node's parent, then under its
   * grandparent): a tier is read only when no segment of any nearer tier qualifies. Default none.
   */
  widerNeighbours?: readonly (readonly PvSegmentSeries[])[];
}

export interface NeighbourUsed {
  segmentId: string;
  /** The segment's yield ÷ the neighbour's over the reference days. */
  ratio: number;
  /** Local dates of the reference days, oldest first. */
  referenceDays: string[];
}

export interface CurtailedPvResult extends BaselineResult {
  method: 'curtailed-pv';
  /** Where the estimate comes from. */
  source: 'neighbours' | 'forecast';
  /** The neighbours that qualified (empty with the forecast). */
  neighboursUsed: NeighbourUsed[];
  /** Where they come from: 0 = the same node, k = `widerNeighbours[k − 1]`; null with the forecast. */
  neighbourTier: number | null;
}

function cleanDay(series: PvSegmentSeries, day: HistoryDay): boolean {
  return day.ispTs.every((ts) => series.pvPowerW.has(ts) && !series.curtailedTs.has(ts));
}

/**
 * A neighbour qualifies when it has a reading and no curtailment in every event ISP, and at least
 * `minReferenceDays` days in the look-back on which both segments have all 96 readings and no curtailed
 * ISP (clock-change days excepted), with a positive yield over them. Missing data: a neighbour with a gap
 * in the event does not qualify (its ISPs are never mixed with others'); a day with a gap is not a
 * reference day; the fallback forecast must cover every event ISP, or MissingDataError.
 */
function qualify(segment: PvSegmentSeries, segmentCleanDays: readonly HistoryDay[], neighbour: PvSegmentSeries, calendar: BaselineCalendar): NeighbourUsed | undefined {
  if (!calendar.eventIsps.every((ts) => neighbour.pvPowerW.has(ts) && !neighbour.curtailedTs.has(ts))) return undefined;
  const days: HistoryDay[] = [];
  for (const day of segmentCleanDays) {
    if (days.length === CURTAILED_PV.referenceDays) break;
    if (cleanDay(neighbour, day)) days.push(day);
  }
  if (days.length < CURTAILED_PV.minReferenceDays) return undefined;
  let segmentWh = 0;
  let neighbourWh = 0;
  for (const day of days) {
    for (const ts of day.ispTs) {
      segmentWh += segment.pvPowerW.get(ts) as number;
      neighbourWh += neighbour.pvPowerW.get(ts) as number;
    }
  }
  if (!(neighbourWh > 0)) return undefined;
  return { segmentId: neighbour.segmentId, ratio: segmentWh / neighbourWh, referenceDays: days.map((day) => day.date).sort() };
}

/** The neighbours that qualify, from the nearest tier that has any, with their series and the tier's index. */
export interface QualifiedNeighbours {
  used: NeighbourUsed[];
  series: PvSegmentSeries[];
  tier: number;
}

/**
 * The nearest tier (0 = `tiers[0]`) in which at least one segment qualifies, or undefined when none does in
 * any: a caller that reads tiers lazily (a wider tier is many more series) asks again with one more tier.
 */
export function qualifyingNeighbours(segment: PvSegmentSeries, tiers: readonly (readonly PvSegmentSeries[])[], calendar: BaselineCalendar): QualifiedNeighbours | undefined {
  const segmentCleanDays = calendar.priorDays.filter((day) => !day.clockChange && cleanDay(segment, day));
  for (let tier = 0; tier < tiers.length; tier++) {
    const used: NeighbourUsed[] = [];
    const series: PvSegmentSeries[] = [];
    for (const neighbour of tiers[tier]) {
      if (neighbour.segmentId === segment.segmentId) continue;
      const qualified = qualify(segment, segmentCleanDays, neighbour, calendar);
      if (qualified) {
        used.push(qualified);
        series.push(neighbour);
      }
    }
    if (used.length > 0) return { used, series, tier };
  }
  return undefined;
}

export function curtailedPvBaseline(input: CurtailedPvInput, calendar: BaselineCalendar): CurtailedPvResult {
  const found = qualifyingNeighbours(input.segment, [input.neighbours, ...(input.widerNeighbours ?? [])], calendar);
  if (!found) {
    const isps = calendar.eventIsps.map((ts) => {
      const baselineW = input.forecastPowerW.get(ts);
      if (baselineW === undefined) {
        throw new MissingDataError(`curtailed-pv: no neighbour of ${input.segment.segmentId} qualifies and its forecast has no value for ${isoOf(ts)}`, 'forecast', ts, input.segment.segmentId);
      }
      return { ts, baselineW };
    });
    return { method: 'curtailed-pv', isps, adjustment: null, daysUsed: [], source: 'forecast', neighboursUsed: [], neighbourTier: null };
  }
  const { used, series, tier } = found;
  const isps = calendar.eventIsps.map((ts) => ({
    ts,
    baselineW: used.reduce((sum, neighbour, i) => sum + neighbour.ratio * (series[i].pvPowerW.get(ts) as number), 0) / used.length,
  }));
  const daysUsed = [...new Set(used.flatMap((neighbour) => neighbour.referenceDays))].sort();
  return { method: 'curtailed-pv', isps, adjustment: null, daysUsed, source: 'neighbours', neighboursUsed: used, neighbourTier: tier };
}
