/**
 * The PV model of a whole fleet, as the forecasting service drives it: build it once from the registry
 * (`createPvFleet`, optionally from a saved `PvFleetState`), feed every 15-minute rollup in time order
 * (`observePvSegments` then `observePvNodes` for the same interval), and once per cycle forecast
 * (pv-fleet-forecast.ts: `preparePvForecast`, then `pvSegmentForecastInto` per segment, `pvNodeForecasts`).
 *
 * Segment forecast = clear-sky power (table) × its performance ratio × its leaf node's csi quantiles,
 * capped at min(clear-sky power, inverter limit). Node forecast = Σ segments' clear-sky power × ratio ×
 * the node's own csi quantiles, learned from the node's measured sum: segments under a node share clouds,
 * so node quantiles come from node-level errors, never from summing segment quantiles.
 */
import { ISP_MS } from '@trottoir/kernel';
import { buildClearSkyTable, distinctSites, tableStepOf } from './clear-sky-table';
import type { ClearSkyTable, PvSite } from './clear-sky-table';
import { createCsiModelState, CSI_MIN_ELEVATION_DEG, observeCsi } from './csi-model';
import type { CsiModelOptions, CsiModelState } from './csi-model';
import { createPerformanceRatioState, observePerformanceRatio, performanceRatioOf, solarDayOf } from './performance-ratio';
import type { PerformanceRatioOptions, PerformanceRatioState } from './performance-ratio';

export interface PvSegmentSpec {
  readonly segmentId: string;
  /** The leaf grid node the segment hangs from: its clouds (csi) are that node's. */
  readonly nodeId: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly elevationM: number;
  readonly tiltDeg: number;
  readonly azimuthDeg: number;
  readonly peakPowerW: number;
  readonly inverterLimitW: number;
}

/** A grid node and every segment under it (directly or through child nodes). */
export interface PvNodeSpec {
  readonly nodeId: string;
  readonly segmentIds: readonly string[];
}

/**
 * What the service keeps: per segment its ratio state, per node its csi model (plain objects of numbers, arrays
 * and typed arrays: structured-cloneable; a service persists it through fleet/forecaster-checkpoint.ts).
 */
export interface PvFleetState {
  segments: Record<string, PerformanceRatioState>;
  nodes: Record<string, CsiModelState>;
}

export interface PvFleetOptions {
  performanceRatio?: PerformanceRatioOptions;
  csi?: CsiModelOptions;
  /** Site grouping, degrees (default 0.01). */
  siteRoundingDeg?: number;
  /** Quantile levels of the outputs (default QUANTILE_LEVELS). */
  levels?: readonly number[];
}

export interface PvFleet {
  readonly segments: readonly PvSegmentSpec[];
  /** The nodes given plus one per leaf `nodeId` not among them. */
  readonly nodes: readonly PvNodeSpec[];
  readonly sites: readonly PvSite[];
  /** Segment index → site index. */
  readonly siteOf: Int32Array;
  /** Segment index → index of its leaf node. */
  readonly leafNodeOf: Int32Array;
  /** Node index → its segments' indices. */
  readonly nodeSegments: readonly Int32Array[];
  /**
   * Node index → the leaf nodes whose segments make up exactly its own (a node above them sums their
   * sums instead of every segment again), or undefined when its segments are not whole leaves.
   */
  readonly nodeLeaves: readonly (Int32Array | undefined)[];
  /** Node index → the site whose sun decides whether its csi is observable. */
  readonly nodeSite: Int32Array;
  readonly ratios: PerformanceRatioState[];
  readonly csiModels: CsiModelState[];
  readonly options: PvFleetOptions;
}

export function createPvFleet(segments: readonly PvSegmentSpec[], nodes: readonly PvNodeSpec[] = [], state?: PvFleetState, options: PvFleetOptions = {}): PvFleet {
  const segmentIndex = new Map(segments.map((segment, i) => [segment.segmentId, i]));
  const allNodes: PvNodeSpec[] = [...nodes];
  const known = new Set(nodes.map((node) => node.nodeId));
  const implicit = new Map<string, string[]>();
  for (const segment of segments) {
    if (known.has(segment.nodeId)) continue;
    const list = implicit.get(segment.nodeId) ?? [];
    list.push(segment.segmentId);
    implicit.set(segment.nodeId, list);
  }
  for (const [nodeId, segmentIds] of implicit) allNodes.push({ nodeId, segmentIds });
  const nodeIndex = new Map(allNodes.map((node, i) => [node.nodeId, i]));
  const { sites, siteOf } = distinctSites(
    segments.map((s) => ({ latitudeDeg: s.latDeg, longitudeDeg: s.lonDeg, elevationM: s.elevationM, tiltDeg: s.tiltDeg, azimuthDeg: s.azimuthDeg })),
    options.siteRoundingDeg,
  );
  const nodeSegments = allNodes.map((node) => Int32Array.from(node.segmentIds.map((id) => segmentIndex.get(id) ?? -1).filter((i) => i >= 0)));
  const nodeSite = Int32Array.from(nodeSegments, (members) => (members.length > 0 ? siteOf[members[0]] : -1));
  const leafNodeOf = Int32Array.from(segments, (segment) => nodeIndex.get(segment.nodeId) ?? -1);
  return {
    segments,
    nodes: allNodes,
    sites,
    siteOf,
    leafNodeOf,
    nodeSegments,
    nodeLeaves: wholeLeavesOf(nodeSegments, leafNodeOf),
    nodeSite,
    ratios: segments.map((segment) => state?.segments[segment.segmentId] ?? createPerformanceRatioState()),
    csiModels: allNodes.map((node, i) => state?.nodes[node.nodeId] ?? createCsiModelState(segments[nodeSegments[i][0] ?? -1]?.lonDeg ?? 0)),
    options,
  };
}

/** Per node, its segments' leaves in order of first appearance when the node holds every segment of each of them. */
function wholeLeavesOf(nodeSegments: readonly Int32Array[], leafNodeOf: Int32Array): (Int32Array | undefined)[] {
  const leafSize = new Int32Array(nodeSegments.length);
  for (const leaf of leafNodeOf) if (leaf >= 0) leafSize[leaf]++;
  const seen = new Int32Array(nodeSegments.length).fill(-1);
  return nodeSegments.map((members, n) => {
    const leaves: number[] = [];
    let covered = 0;
    for (const s of members) {
      const leaf = leafNodeOf[s];
      if (leaf < 0) return undefined;
      if (seen[leaf] === n) continue;
      seen[leaf] = n;
      leaves.push(leaf);
      covered += leafSize[leaf];
    }
    return covered === members.length ? Int32Array.from(leaves) : undefined;
  });
}

/** The learnt state as a plain object (shares the fleet's objects: serialise it, don't mutate it). */
export function pvFleetState(fleet: PvFleet): PvFleetState {
  const state: PvFleetState = { segments: {}, nodes: {} };
  fleet.segments.forEach((segment, i) => (state.segments[segment.segmentId] = fleet.ratios[i]));
  fleet.nodes.forEach((node, i) => (state.nodes[node.nodeId] = fleet.csiModels[i]));
  return state;
}

function tableFor(fleet: PvFleet, ts: number, table?: ClearSkyTable): { table: ClearSkyTable; step: number } {
  if (table) {
    const step = tableStepOf(table, ts);
    if (step >= 0 && table.sites === fleet.sites) return { table, step };
  }
  return { table: buildClearSkyTable(fleet.sites, ts, ISP_MS, 1), step: 0 };
}

function segmentClearW(fleet: PvFleet, table: ClearSkyTable, segment: number, step: number): number {
  return table.acWPerWp[fleet.siteOf[segment] * table.steps + step] * fleet.segments[segment].peakPowerW;
}

/**
 * Feeds each segment's measured mean PV power over the interval starting at `intervalStartTs` (NaN or
 * absent = not measured). `powerW` is aligned with `fleet.segments` or keyed by segment id.
 */
export function observePvSegments(fleet: PvFleet, intervalStartTs: number, powerW: ArrayLike<number> | ReadonlyMap<string, number>, table?: ClearSkyTable): void {
  const at = tableFor(fleet, intervalStartTs, table);
  const byId = isMap(powerW) ? powerW : undefined;
  for (let i = 0; i < fleet.segments.length; i++) {
    const segment = fleet.segments[i];
    const measured = byId ? (byId.get(segment.segmentId) ?? Number.NaN) : (powerW as ArrayLike<number>)[i];
    observePerformanceRatio(fleet.ratios[i], solarDayOf(intervalStartTs, segment.lonDeg), measured, segmentClearW(fleet, at.table, i, at.step), segment.peakPowerW, fleet.options.performanceRatio);
  }
}

/** Feeds each node's measured PV sum over the interval (aligned with `fleet.nodes` or keyed by node id). */
export function observePvNodes(fleet: PvFleet, intervalStartTs: number, powerW: ArrayLike<number> | ReadonlyMap<string, number>, table?: ClearSkyTable): void {
  const at = tableFor(fleet, intervalStartTs, table);
  const byId = isMap(powerW) ? powerW : undefined;
  const index = Math.round(intervalStartTs / ISP_MS);
  // Each segment's expected power once per interval, not once per node it is under.
  const ratioOf = new Float64Array(fleet.segments.length).fill(Number.NaN);
  const expectedOf = (s: number, segmentClear: number): number => {
    if (Number.isNaN(ratioOf[s])) ratioOf[s] = performanceRatioOf(fleet.ratios[s], solarDayOf(intervalStartTs, fleet.segments[s].lonDeg), fleet.options.performanceRatio);
    return segmentClear * ratioOf[s];
  };
  for (let n = 0; n < fleet.nodes.length; n++) {
    const measured = byId ? (byId.get(fleet.nodes[n].nodeId) ?? Number.NaN) : (powerW as ArrayLike<number>)[n];
    const site = fleet.nodeSite[n];
    let csi = Number.NaN;
    let expectedW = 0;
    let clearW = 0;
    let peakW = 0;
    const elevationDeg = site >= 0 ? at.table.elevationDeg[site * at.table.steps + at.step] : -90;
    if (elevationDeg > 0 && Number.isFinite(measured)) {
      for (const s of fleet.nodeSegments[n]) {
        const segmentClear = segmentClearW(fleet, at.table, s, at.step);
        peakW += fleet.segments[s].peakPowerW;
        clearW += segmentClear;
        expectedW += expectedOf(s, segmentClear);
      }
      if (expectedW > 0) csi = measured / expectedW;
    }
    // Weight of the interval in the fit: its squared clear-sky share (power errors scale with clear-sky power;
    // the performance ratio is left out so that a heavily shaded node weighs as much as any other).
    const importance = peakW > 0 ? (clearW / peakW) ** 2 : 0;
    observeCsi(fleet.csiModels[n], index, csi, { lowSun: elevationDeg < CSI_MIN_ELEVATION_DEG, importance }, fleet.options.csi);
  }
}

function isMap(value: ArrayLike<number> | ReadonlyMap<string, number>): value is ReadonlyMap<string, number> {
  return typeof (value as ReadonlyMap<string, number>).get === 'function';
}

export { forecastPvFleet, forEachPvSegmentForecast, preparePvForecast, pvNodeForecasts, pvSegmentForecastInto } from './pv-fleet-forecast';
export type { PreparedPvForecast, PvFleetForecast, PvForecastInput, PvNodeForecast } from './pv-fleet-forecast';
