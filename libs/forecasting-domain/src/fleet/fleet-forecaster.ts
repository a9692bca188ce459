/**
 * The forecaster of a whole fleet: it learns from measured quarter-hours (PV performance ratios and
 * clear-sky indices, street-light scales, EV hour-of-week habits, per segment and per grid node) and
 * forecasts every segment and node on a grid. Node forecasts come from node-level models (PV csi of
 * the node's measured sum, EV habits of the node's sum); only street lights are summed from segments,
 * because every lamp of a commune switches with the same sun and the same policy.
 *
 * A run holds the node forecasts and hands segment forecasts out by ranges, so a service streams a
 * fleet of 100,000 segments to storage and Kafka in chunks instead of holding 100,000 series.
 */
import { createEvHabits, HOURS_PER_WEEK, observeEvPowerInBucket } from '../ev/ev-habits';
import type { EvHabits } from '../ev/ev-habits';
import { NODE_EV_LAYOUT, SEGMENT_EV_LAYOUT } from '../ev/ev-histogram';
import { createEvForecastScratch, evGridBuckets, forecastEvInto } from '../ev/ev-forecast';
import { defaultEvPrior, pooledEvPrior } from '../ev/ev-prior';
import { CycleBuffers } from '../grid/cycle-buffers';
import type { ForecastGrid } from '../grid/forecast-grid';
import { createQuantileSeries, QUANTILE_LEVELS } from '../grid/quantile-series';
import type { QuantileSeries } from '../grid/quantile-series';
import { forecastLightsInto } from '../lights/lights-forecast';
import { hourOfWeekOf, ISP_MS } from '@trottoir/kernel';
import { groupLightsSegments, planGroupedLightsProfiles } from '../lights/lights-plan';
import type { LightsGrouping, LightsPlan } from '../lights/lights-plan';
import { createLightsScale, observeLightsScale } from '../lights/lights-scale';
import type { LightsScaleState } from '../lights/lights-scale';
import { createPvFleet, observePvNodes, observePvSegments, pvFleetState } from '../pv/pv-fleet';
import type { PvFleet, PvFleetState, PvSegmentSpec } from '../pv/pv-fleet';
import { preparePvForecast, pvNodeForecasts, pvSegmentForecastInto } from '../pv/pv-fleet-forecast';
import type { PreparedPvForecast } from '../pv/pv-fleet-forecast';
import type { PvWeatherForecast } from '../pv/weather-forecast';
import { buildClearSkyTable, extendClearSkyTable, tableStepOf } from '../pv/clear-sky-table';
import type { ClearSkyTable } from '../pv/clear-sky-table';
import type { FleetForecast, NodeForecastResult, SegmentForecastResult } from './fleet-forecast';
import type { FleetInterval, FleetModelInput } from './fleet-model';

/**
 * PV sites and street-light sun profiles are grouped on a 0.05° grid (≈ 5 km): the sun's position across it differs by under 0.05°,
 * far below what clouds do, and a city then costs tens of sun positions per step, not hundreds.
 */
const PV_SITE_ROUNDING_DEG = 0.05;

/** A node's measured sum is used only when segments holding at least this share of its capacity reported. */
const MIN_REPORTING_SHARE = 0.5;

/**
 * One cycle's forecasts. Its node series and its segment chunks live in arrays the forecaster reuses at its next
 * `forecast()`: store, publish or copy what is needed before asking the same forecaster for the next cycle.
 */
export interface FleetForecastRun extends Omit<FleetForecast, 'segments'> {
  readonly segmentCount: number;
  /**
   * Forecasts of segments [from, to) of the input. Their series share one buffer that the next call
   * overwrites: encode, store or copy a chunk before asking for the next.
   */
  segments(from: number, to: number): SegmentForecastResult[];
}

/**
 * What a forecaster has learned, by id: what a rebuilt forecaster (a registry change) or a restarted
 * process (a checkpoint, forecaster-checkpoint.ts) takes over. Arrays are aligned with `segmentIds`
 * (lights, EV entry) or `nodeIds` (the input's nodes: EV node habits); the PV state is keyed by id.
 */
export interface LearnedFleetState {
  readonly segmentIds: readonly string[];
  readonly nodeIds: readonly string[];
  readonly pv: PvFleetState;
  readonly lightsScale: LightsScaleState;
  /** Per segment, its entry in `evSegments` or −1. */
  readonly evEntryOf: Int32Array;
  readonly evSegments: EvHabits;
  readonly evNodes: EvHabits;
}

export class FleetForecaster {
  private readonly pv: PvFleet;
  private readonly lightsScale: LightsScaleState;
  /**
   * Habits of the segments that have chargers only (a fifth of a city's): entry `evEntryOf[i]` for
   * segment i, −1 without. A segment without chargers learns nothing and forecasts 0 W, so giving it
   * 1,344 bytes of empty buckets (134 MB for 100,000 segments) bought nothing.
   */
  private readonly evSegments: EvHabits;
  private readonly evEntryOf: Int32Array;
  private readonly evSegmentOf: Int32Array;
  private readonly evNodes: EvHabits;
  /** Per node: its connectors, for its default prior (computed when forecasting: 21 kB a node kept for a 20 ms computation). */
  private readonly nodeConnectors: Float64Array;
  private readonly segmentDefaultPrior: Float32Array;
  /** Per node: its segments' indices. */
  private readonly members: Int32Array[];
  private readonly levels: readonly number[] = QUANTILE_LEVELS;
  private lightsGroups?: LightsGrouping;
  /** The last clear-sky table: the next cycle's grid overlaps it on all but one interval, and the interval learned next is its first. */
  private table?: ClearSkyTable;
  /** The arrays of a cycle, reused by the next (see CycleBuffers): what a run hands out is valid until the next forecast(). */
  private readonly buffers = new CycleBuffers();
  /** Series views into the segment chunk's buffer, by slot. */
  private chunkViews: { of?: ArrayBufferLike; size: number; steps: number; views: QuantileSeries[] } = { size: 0, steps: 0, views: [] };

  constructor(
    readonly input: FleetModelInput,
    previous?: FleetForecaster | LearnedFleetState,
  ) {
    const learned = previous instanceof FleetForecaster ? previous.learned() : previous;
    const { segments, nodes } = input;
    const segmentIndex = new Map(segments.map((segment, index) => [segment.segmentId, index]));
    this.members = nodes.map((node) => Int32Array.from(node.segmentIds.flatMap((id) => segmentIndex.get(id) ?? [])));
    this.pv = createPvFleet(
      // The records themselves when they already name their leaf as the PV model does (60 MB of copies at 100,000 segments).
      segments.every((segment) => segment.nodeId === segment.gridNodeId) ? (segments as readonly PvSegmentSpec[]) : segments.map((segment) => ({ ...segment, nodeId: segment.gridNodeId })),
      nodes,
      learned?.pv,
      { levels: this.levels, siteRoundingDeg: PV_SITE_ROUNDING_DEG },
    );
    this.lightsScale = createLightsScale(segments.length);
    this.evEntryOf = new Int32Array(segments.length).fill(-1);
    const withChargers: number[] = [];
    segments.forEach((segment, i) => {
      if (!(segment.evCapacityW > 0)) return;
      this.evEntryOf[i] = withChargers.length;
      withChargers.push(i);
    });
    this.evSegmentOf = Int32Array.from(withChargers);
    this.evSegments = createEvHabits(Float64Array.from(withChargers, (i) => segments[i]?.evCapacityW ?? 0), SEGMENT_EV_LAYOUT);
    const nodeCapacityW = Float64Array.from(this.members, (members) => sumOver(members, (i) => segments[i]?.evCapacityW ?? 0));
    this.evNodes = createEvHabits(nodeCapacityW, NODE_EV_LAYOUT);
    this.nodeConnectors = Float64Array.from(this.members, (members) => sumOver(members, (i) => segments[i]?.evConnectors ?? 0));
    this.segmentDefaultPrior = defaultEvPrior(SEGMENT_EV_LAYOUT, 2, 44_000);
    if (learned) this.carryOver(learned);
  }

  /** What it has learned (shares its arrays and objects: encode or copy it, do not change it). */
  learned(): LearnedFleetState {
    return {
      segmentIds: this.input.segments.map((segment) => segment.segmentId),
      nodeIds: this.input.nodes.map((node) => node.nodeId),
      pv: pvFleetState(this.pv),
      lightsScale: this.lightsScale,
      evEntryOf: this.evEntryOf,
      evSegments: this.evSegments,
      evNodes: this.evNodes,
    };
  }

  /** Learns from consecutive measured quarter-hours, in time order. */
  observe(intervals: readonly FleetInterval[]): void {
    if (intervals.length === 0) return;
    const lights = this.lightsPlanCovering(intervals);
    const nodePvW = new Map<string, number>();
    const nodeEvW = new Float64Array(this.input.nodes.length);
    // One table for the batch (or the last forecast's, which begins with the interval learned next), not two per interval.
    const firstTs = intervals[0]?.ts ?? 0;
    const batchSteps = Math.round(((intervals[intervals.length - 1]?.ts ?? firstTs) - firstTs) / ISP_MS) + 1;
    const covers = (table: ClearSkyTable | undefined): table is ClearSkyTable =>
      table !== undefined && table.sites === this.pv.sites && tableStepOf(table, firstTs) >= 0 && tableStepOf(table, firstTs + (batchSteps - 1) * ISP_MS) >= 0 && (firstTs - table.startTs) % ISP_MS === 0;
    const table = covers(this.table) ? this.table : buildClearSkyTable(this.pv.sites, firstTs, ISP_MS, batchSteps);
    for (const interval of intervals) {
      observePvSegments(this.pv, interval.ts, interval.pvW, table);
      this.input.nodes.forEach((node, n) => {
        const members = this.members[n] ?? new Int32Array();
        nodePvW.set(node.nodeId, reportedSum(members, interval.pvW, (i) => this.input.segments[i]?.peakPowerW ?? 0));
        nodeEvW[n] = reportedSum(members, interval.evW, (i) => this.input.segments[i]?.evCapacityW ?? 0);
      });
      observePvNodes(this.pv, interval.ts, nodePvW, table);
      this.observeLights(interval, lights);
      // The hour of week at the interval's middle, once for the whole fleet (one time zone).
      const hourOfWeek = hourOfWeekOf(interval.ts + 450_000, this.input.timeZone);
      for (let e = 0; e < this.evSegmentOf.length; e++) observeEvPowerInBucket(this.evSegments, e, hourOfWeek, interval.evW[this.evSegmentOf[e] as number] ?? Number.NaN);
      for (let n = 0; n < this.input.nodes.length; n++) observeEvPowerInBucket(this.evNodes, n, hourOfWeek, nodeEvW[n] ?? Number.NaN);
    }
  }

  /** Forecasts the fleet on `grid`; `weather`, when given, must have been issued at or before grid.issuedAt. */
  forecast(grid: ForecastGrid, weather?: PvWeatherForecast): FleetForecastRun {
    const { segments, nodes } = this.input;
    this.table = extendClearSkyTable(this.table, this.pv.sites, grid.startTs, grid.stepMs, grid.steps);
    const pv: PreparedPvForecast = preparePvForecast(this.pv, grid, { table: this.table, buffers: this.buffers, ...(weather ? { weather } : {}) });
    const lights = planGroupedLightsProfiles(this.lightsGrouping(), this.input.policies, grid, { levels: this.levels });
    const buckets = evGridBuckets(grid, this.input.timeZone);
    const segmentPrior = pooledEvPrior(this.evSegments, this.segmentDefaultPrior);
    const nodePv = pvNodeForecasts(pv);

    const lightsOf = (i: number, out: QuantileSeries): QuantileSeries => {
      const profile = lights.profiles[lights.profileIndex[i] ?? 0];
      const segment = segments[i];
      if (profile && segment) forecastLightsInto(out, profile, segment.lightsRatedW, segment.lightsMinDimmingPct, this.lightsScale.scale[i] ?? 1);
      return out;
    };
    const nodeLights = this.nodeLights(lights, grid);
    const evScratch = createEvForecastScratch(this.evNodes, this.levels);
    const size = this.levels.length * grid.steps;
    // forecastEvInto writes every value of a node's series. Node and segment forecasts are float32, the precision
    // they are stored and published in: every value is rounded once, where it is written, as encoding it would.
    const nodeEvW = this.buffers.float32('fleet.nodeEvW', nodes.length * size);
    const nodePrior = this.buffers.float32('fleet.nodeEvPrior', HOURS_PER_WEEK * this.evNodes.bins);
    const nodeResults: NodeForecastResult[] = nodes.map((node, n) => {
      const evW: QuantileSeries = { levels: this.levels, steps: grid.steps, values: nodeEvW.subarray(n * size, (n + 1) * size) };
      const prior = defaultEvPrior(NODE_EV_LAYOUT, this.nodeConnectors[n] ?? 0, this.evNodes.capacityW[n] ?? 0, buckets.buckets, nodePrior);
      forecastEvInto(evW, this.evNodes, n, buckets, prior, undefined, evScratch);
      const nodePvForecast = nodePv.get(node.nodeId);
      return {
        nodeId: node.nodeId,
        segments: this.members[n]?.length ?? 0,
        peakPowerW: sumOver(this.members[n] ?? new Int32Array(), (i) => segments[i]?.peakPowerW ?? 0),
        pvW: nodePvForecast?.pvW ?? createQuantileSeries(grid.steps, this.levels),
        ...(nodePvForecast ? { pvReferences: nodePvForecast.references } : {}),
        lightsW: nodeLights[n] as QuantileSeries,
        evW,
      };
    });

    const segmentEvScratch = createEvForecastScratch(this.evSegments, this.levels);
    return {
      grid,
      nodes: nodeResults,
      segmentCount: segments.length,
      segments: (from, to) => {
        const first = Math.max(0, from);
        const last = Math.min(to, segments.length);
        // One buffer, reused from chunk to chunk, each series a view into it: no per-segment arrays and
        // no fresh megabytes per chunk, which is what keeps the garbage collector quiet at 100,000 segments.
        const buffer = this.buffers.float32('fleet.segmentChunk', Math.max(0, last - first) * 3 * size);
        // The views too are made once per buffer and series size, not three per segment (300,000 objects a cycle for the GC).
        if (this.chunkViews.of !== buffer.buffer || this.chunkViews.size !== size || this.chunkViews.steps !== grid.steps) this.chunkViews = { of: buffer.buffer, size, steps: grid.steps, views: [] };
        const views = this.chunkViews.views;
        const view = (k: number): QuantileSeries => (views[k] ??= { levels: this.levels, steps: grid.steps, values: buffer.subarray(k * size, (k + 1) * size) });
        const results: SegmentForecastResult[] = [];
        for (let i = first; i < last; i++) {
          const segment = segments[i] as (typeof segments)[number];
          const k = (i - first) * 3;
          const pvW = pvSegmentForecastInto(pv, i, view(k));
          const evW = view(k + 2);
          const entry = this.evEntryOf[i] as number;
          if (entry >= 0) forecastEvInto(evW, this.evSegments, entry, buckets, segmentPrior, undefined, segmentEvScratch);
          else evW.values.fill(0);
          results.push({ segmentId: segment.segmentId, gridNodeId: segment.gridNodeId, pvW, lightsW: lightsOf(i, view(k + 1)), evW });
        }
        return results;
      },
    };
  }

  /**
   * Node lights: the sum of the segments' forecasts, level by level (a commune's lamps switch together).
   * A segment's forecast is fullW × fullOnShare + dimmedW × dimmedOnShare of its profile, so the sum is
   * accumulated per profile first: the cost is memberships + nodes × profiles × values, not
   * memberships × values.
   */
  private nodeLights(lights: LightsPlan, grid: ForecastGrid): QuantileSeries[] {
    const { segments } = this.input;
    // Per profile, the node's weights, and the profiles in the order the node's segments first use them
    // (typed arrays reused from node to node: a Map per node cost more than the sums themselves).
    const fullWOf = new Float64Array(lights.profiles.length);
    const dimmedWOf = new Float64Array(lights.profiles.length);
    const used = new Int32Array(lights.profiles.length);
    let usedCount = 0;
    const usedBy = new Int32Array(lights.profiles.length).fill(-1);
    const size = this.levels.length * grid.steps;
    const sums = this.buffers.float32('fleet.nodeLightsW', this.members.length * size);
    // Summed in float64, rounded to float32 once at the end (as storing the float64 sum would round it).
    const values = new Float64Array(size);
    return this.members.map((members, n) => {
      const sum: QuantileSeries = { levels: this.levels, steps: grid.steps, values: sums.subarray(n * size, (n + 1) * size) };
      values.fill(0);
      usedCount = 0;
      for (const i of members) {
        const segment = segments[i];
        const profileIndex = lights.profileIndex[i] ?? 0;
        const profile = lights.profiles[profileIndex];
        if (!segment || !profile) continue;
        if (usedBy[profileIndex] !== n) {
          usedBy[profileIndex] = n;
          used[usedCount++] = profileIndex;
          fullWOf[profileIndex] = 0;
          dimmedWOf[profileIndex] = 0;
        }
        const fullW = Math.max(0, segment.lightsRatedW * (this.lightsScale.scale[i] ?? 1));
        fullWOf[profileIndex] = (fullWOf[profileIndex] ?? 0) + fullW;
        dimmedWOf[profileIndex] = (dimmedWOf[profileIndex] ?? 0) + (fullW * Math.min(100, Math.max(profile.nightDimmingPct, segment.lightsMinDimmingPct))) / 100;
      }
      for (let u = 0; u < usedCount; u++) {
        const profileIndex = used[u] as number;
        const fullW = fullWOf[profileIndex] ?? 0;
        const dimmedW = dimmedWOf[profileIndex] ?? 0;
        const { fullOnShare, dimmedOnShare } = lights.profiles[profileIndex] as LightsPlan['profiles'][number];
        for (let k = 0; k < values.length; k++) values[k] = (values[k] ?? 0) + fullW * (fullOnShare[k] ?? 0) + dimmedW * (dimmedOnShare[k] ?? 0);
      }
      sum.values.set(values);
      return sum;
    });
  }

  /** Made once: the fleet of a forecaster does not change (a registry change builds a new forecaster). */
  private lightsGrouping(): LightsGrouping {
    if (!this.lightsGroups) {
      const { segments, policies } = this.input;
      const input = {
        latitudeDeg: Float64Array.from(segments, (s) => s.latDeg),
        longitudeDeg: Float64Array.from(segments, (s) => s.lonDeg),
        policyIndex: Uint32Array.from(segments, (s) => (s.policyIndex < policies.length ? s.policyIndex : 0)),
        policies,
      };
      this.lightsGroups = groupLightsSegments(input, PV_SITE_ROUNDING_DEG);
    }
    return this.lightsGroups;
  }

  /** Street-light profiles over the observed intervals, to know which were fully dark. */
  private lightsPlanCovering(intervals: readonly FleetInterval[]): { plan: LightsPlan; startTs: number; steps: number } {
    const startTs = intervals[0]?.ts ?? 0;
    const steps = Math.round(((intervals[intervals.length - 1]?.ts ?? startTs) - startTs) / ISP_MS) + 1;
    const grid: ForecastGrid = { issuedAt: startTs, startTs, stepMs: ISP_MS, steps };
    return { plan: planGroupedLightsProfiles(this.lightsGrouping(), this.input.policies, grid, { levels: [0.1, 0.5, 0.9] }), startTs, steps };
  }

  /** The scale learns only from intervals fully dark at every level (no twilight doubt). */
  private observeLights(interval: FleetInterval, lights: { plan: LightsPlan; startTs: number; steps: number }): void {
    const step = Math.round((interval.ts - lights.startTs) / ISP_MS);
    const { segments } = this.input;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      const profile = lights.plan.profiles[lights.plan.profileIndex[i] ?? 0];
      if (!segment || !profile || !(segment.lightsRatedW > 0)) continue;
      const on = (level: number) => (profile.fullOnShare[level * lights.steps + step] ?? 0) + (profile.dimmedOnShare[level * lights.steps + step] ?? 0);
      if (on(0) < 1 || on(2) < 1) continue;
      const dimmedShare = profile.dimmedOnShare[lights.steps + step] ?? 0;
      const dimPct = Math.min(100, Math.max(profile.nightDimmingPct, segment.lightsMinDimmingPct));
      const expectedW = segment.lightsRatedW * ((1 - dimmedShare) + (dimmedShare * dimPct) / 100);
      observeLightsScale(this.lightsScale, i, expectedW, interval.lightsW[i] ?? Number.NaN, segment.lightsRatedW);
    }
  }

  /** Keeps what `previous` learned, by segment and node id. */
  private carryOver(previous: LearnedFleetState): void {
    const previousNodes = new Map(previous.nodeIds.map((nodeId, n) => [nodeId, n]));
    const previousSegments = new Map(previous.segmentIds.map((segmentId, i) => [segmentId, i]));
    this.input.segments.forEach((segment, i) => {
      const before = previousSegments.get(segment.segmentId);
      if (before === undefined) return;
      this.lightsScale.scale[i] = previous.lightsScale.scale[before] ?? 1;
      this.lightsScale.seen[i] = previous.lightsScale.seen[before] ?? 0;
      const [from, to] = [previous.evEntryOf[before] as number, this.evEntryOf[i] as number];
      if (from >= 0 && to >= 0) copyHabits(previous.evSegments, from, this.evSegments, to);
    });
    this.input.nodes.forEach((node, n) => {
      const before = previousNodes.get(node.nodeId);
      if (before !== undefined) copyHabits(previous.evNodes, before, this.evNodes, n);
    });
  }
}

function sumOver(indices: ArrayLike<number>, value: (index: number) => number): number {
  let sum = 0;
  for (let k = 0; k < indices.length; k++) sum += value(indices[k] as number);
  return sum;
}

/**
 * A node's measured sum from the segments that reported, scaled up to all of them by their share of
 * the weight (peak power, EV capacity); NaN when too few reported to say.
 */
function reportedSum(members: Int32Array, measured: Float64Array, weight: (index: number) => number): number {
  let sum = 0;
  let reportedWeight = 0;
  let totalWeight = 0;
  for (const i of members) {
    const w = weight(i);
    totalWeight += w;
    const value = measured[i] ?? Number.NaN;
    if (!Number.isFinite(value)) continue;
    sum += value;
    reportedWeight += w;
  }
  // Nothing of that kind below the node (no PV, no charger): it is measured as zero.
  if (totalWeight === 0) return 0;
  return reportedWeight >= MIN_REPORTING_SHARE * totalWeight ? (sum * totalWeight) / reportedWeight : Number.NaN;
}

function copyHabits(from: EvHabits, fromEntry: number, to: EvHabits, toEntry: number): void {
  if (from.bins !== to.bins) return;
  const size = 168 * from.bins;
  to.counts.set(from.counts.subarray(fromEntry * size, (fromEntry + 1) * size), toEntry * size);
}
