/**
 * One forecast cycle of the PV fleet. `preparePvForecast` does the per-node work once (csi quantiles and
 * expectation, weather blend, temperature factor) and each segment's performance ratio — and, when given a
 * weather forecast, records it in the node models to learn from (its only side effect); then any segment
 * can be written on demand (`pvSegmentForecastInto`: steps × (levels + 3) multiply-adds over typed arrays,
 * so a service streams 100,000 segments in chunks) and `pvNodeForecasts` gives every node's forecast
 * with the references of the live rolling backtest.
 */
import { ISP_MS } from '@trottoir/kernel';
import { CycleBuffers } from '../grid/cycle-buffers';
import type { ForecastGrid } from '../grid/forecast-grid';
import { createQuantileSeries, QUANTILE_LEVELS } from '../grid/quantile-series';
import type { QuantileSeries } from '../grid/quantile-series';
import { buildClearSkyTable } from './clear-sky-table';
import type { ClearSkyTable } from './clear-sky-table';
import { CSI_MIN_ELEVATION_DEG, csiOffsetsLength, forecastCsiInto, prepareCsiForecaster, recordCsiWeather, solarHourOf } from './csi-model';
import { performanceRatioOf, solarDayOf } from './performance-ratio';
import type { PvFleet } from './pv-fleet';
import { nearestWeatherLocation, temperatureFactor, weatherCsiSeries } from './weather-forecast';
import type { PvWeatherForecast } from './weather-forecast';

export interface PvForecastInput {
  /** A table covering the grid (for all `fleet.sites`); built when absent. */
  readonly table?: ClearSkyTable;
  /** Used only when issued at or before the grid's issue time. */
  readonly weather?: PvWeatherForecast;
  /**
   * Where the per-node arrays of the cycle go (a forecaster keeps them from cycle to cycle; fresh ones when
   * absent). What this cycle returns is then valid until the next cycle given the same buffers.
   */
  readonly buffers?: CycleBuffers;
}

export interface PreparedPvForecast {
  readonly fleet: PvFleet;
  readonly grid: ForecastGrid;
  readonly levels: readonly number[];
  readonly table: ClearSkyTable;
  /** Step of the table where the grid starts. */
  readonly offset: number;
  /** Per node: csi quantiles (level-major), expected csi and temperature factor per step. */
  readonly nodeCsi: readonly Float64Array[];
  readonly nodeExpectedCsi: readonly Float64Array[];
  readonly nodeTemperature: readonly Float64Array[];
  /** Per segment: its performance ratio at the issue time. */
  readonly ratios: Float64Array;
  readonly buffers: CycleBuffers;
}

export interface PvNodeForecast {
  readonly pvW: QuantileSeries;
  /** Expected power per step, W: the point forecast that minimises squared error. */
  readonly expectedW: Float64Array;
  /** The live backtest's references, W: the node's last csi and its solar-hour climatology × its clear-sky power × ratios. */
  readonly references: { readonly smartPersistenceW: Float64Array; readonly climatologyW: Float64Array };
}

export interface PvFleetForecast {
  /** Aligned with `fleet.segments`. */
  readonly segments: QuantileSeries[];
  readonly segmentExpectedW: Float64Array[];
  readonly nodes: Map<string, PvNodeForecast>;
}

export function preparePvForecast(fleet: PvFleet, grid: ForecastGrid, input: PvForecastInput = {}): PreparedPvForecast {
  const levels = fleet.options.levels ?? QUANTILE_LEVELS;
  const { steps } = grid;
  const table = input.table ?? buildClearSkyTable(fleet.sites, grid.startTs, grid.stepMs, steps);
  const offset = (grid.startTs - table.startTs) / table.stepMs;
  if (table.stepMs !== grid.stepMs || table.sites !== fleet.sites || !Number.isInteger(offset) || offset < 0 || offset + steps > table.steps) {
    throw new RangeError('the clear-sky table does not cover the forecast grid for this fleet');
  }
  const startIndex = Math.round(grid.startTs / ISP_MS);
  const buffers = input.buffers ?? new CycleBuffers();
  const nodeCount = fleet.nodes.length;
  // Views into flat arrays kept by the caller: forecastCsiInto writes every value of both, the temperature is reset here.
  const nodeCsi = nodeViews(buffers.float64('pv.nodeCsi', nodeCount * levels.length * steps), nodeCount);
  const nodeExpectedCsi = nodeViews(buffers.float64('pv.nodeExpectedCsi', nodeCount * steps), nodeCount);
  const temperatures = buffers.float64('pv.nodeTemperature', nodeCount * steps).fill(1);
  const nodeTemperature = nodeViews(temperatures, nodeCount);
  // Each node's error-quantile offsets are used at once: one array for all of them.
  const offsets = buffers.float64('pv.csiOffsets', csiOffsetsLength(levels));
  fleet.nodes.forEach((_, n) => {
    const site = fleet.nodeSite[n];
    let nwp: Float64Array | undefined;
    if (input.weather && site >= 0 && input.weather.issuedAt <= grid.issuedAt) {
      const where = fleet.sites[site];
      const location = nearestWeatherLocation(input.weather, where.latitudeDeg, where.longitudeDeg);
      if (location) {
        const series = weatherCsiSeries(location, grid.startTs, grid.stepMs, steps, (step) => table.ghiWm2[site * table.steps + offset + step]);
        nwp = series.csi;
        for (let step = 0; step < steps; step++) nodeTemperature[n][step] = temperatureFactor(series.airTempC[step]);
      }
    }
    const lowSun = (step: number): boolean => site < 0 || table.elevationDeg[site * table.steps + offset + step] < CSI_MIN_ELEVATION_DEG;
    const model = fleet.csiModels[n];
    // The weather forecast is remembered by lead so the blend with weather learns from it when outcomes arrive.
    if (nwp) recordCsiWeather(model, startIndex, nwp);
    forecastCsiInto(model, prepareCsiForecaster(model, levels, fleet.options.csi, offsets), startIndex, steps, nodeCsi[n], lowSun, nwp, nodeExpectedCsi[n]);
  });
  const ratios = buffers.float64('pv.ratios', fleet.segments.length);
  fleet.segments.forEach((segment, s) => (ratios[s] = performanceRatioOf(fleet.ratios[s], solarDayOf(grid.issuedAt, segment.lonDeg), fleet.options.performanceRatio)));
  return { fleet, grid, levels, table, offset, nodeCsi, nodeExpectedCsi, nodeTemperature, ratios, buffers };
}

/** `count` equal consecutive views of `flat`. */
function nodeViews(flat: Float64Array, count: number): Float64Array[] {
  const size = flat.length / count;
  return Array.from({ length: count }, (_, n) => flat.subarray(n * size, (n + 1) * size));
}

/** Clear-sky power × ratio × temperature factor (`base`) and min(clear-sky power, inverter limit) (`cap`) of a segment. */
function segmentBaseInto(prepared: PreparedPvForecast, s: number, base: Float64Array, cap: Float64Array): void {
  const { fleet, table, offset, grid } = prepared;
  const segment = fleet.segments[s];
  const row = fleet.siteOf[s] * table.steps + offset;
  const ratio = prepared.ratios[s];
  const temperature = prepared.nodeTemperature[fleet.leafNodeOf[s]];
  for (let step = 0; step < grid.steps; step++) {
    const clearW = table.acWPerWp[row + step] * segment.peakPowerW;
    cap[step] = Math.min(clearW, segment.inverterLimitW);
    base[step] = clearW * ratio * temperature[step];
  }
}

const scratch = { base: new Float64Array(0), cap: new Float64Array(0) };
function scratchFor(steps: number): { base: Float64Array; cap: Float64Array } {
  if (scratch.base.length !== steps) {
    scratch.base = new Float64Array(steps);
    scratch.cap = new Float64Array(steps);
  }
  return scratch;
}

/**
 * Writes segment `s`'s quantiles into `out` (steps and levels of the grid) and, when given, its expected
 * power into `expectedW`. Allocation-free. Returns `out`.
 */
export function pvSegmentForecastInto(prepared: PreparedPvForecast, s: number, out: QuantileSeries, expectedW?: Float64Array): QuantileSeries {
  const { steps } = prepared.grid;
  const levels = prepared.levels.length;
  if (out.steps !== steps || out.levels.length !== levels) throw new RangeError('the output series does not match the forecast grid');
  const { base, cap } = scratchFor(steps);
  segmentBaseInto(prepared, s, base, cap);
  const leaf = prepared.fleet.leafNodeOf[s];
  const csi = prepared.nodeCsi[leaf];
  const values = out.values;
  for (let i = 0; i < levels * steps; i++) {
    const step = i % steps;
    const v = base[step] * csi[i];
    values[i] = v < cap[step] ? v : cap[step];
  }
  if (expectedW) {
    const mean = prepared.nodeExpectedCsi[leaf];
    for (let step = 0; step < steps; step++) expectedW[step] = Math.min(base[step] * mean[step], cap[step]);
  }
  return out;
}

/**
 * Every node's forecast: Σ members' clear-sky power × ratio × the node's own csi quantiles, capped.
 * The sums are built bottom-up: each segment is added once, into its leaf node, and a node made of
 * whole leaves sums its leaves' sums (a segment sits under four or five nodes: at 100,000 segments
 * this is 100,000 segment rows instead of 400,000). Only the order of the additions differs from
 * summing a node's segments directly (a relative difference of the order of 1e-15).
 */
export function pvNodeForecasts(prepared: PreparedPvForecast): Map<string, PvNodeForecast> {
  const { fleet, grid, levels, buffers } = prepared;
  const { steps } = grid;
  const { base, cap } = scratchFor(steps);
  const nodeCount = fleet.nodes.length;
  // Leaf sums, node-major: [node × steps + step].
  const leafBase = buffers.float64('pv.leafBase', nodeCount * steps).fill(0);
  const leafCap = buffers.float64('pv.leafCap', nodeCount * steps).fill(0);
  // The nodes' forecasts and references: every value is written below. The quantiles as float32, the precision
  // they are stored and published in (each value is rounded once, as writing them out would): half the memory.
  const size = levels.length * steps;
  const quantilesW = buffers.float32('pv.nodeW', nodeCount * size);
  const pointsW = buffers.float64('pv.nodePointsW', nodeCount * 3 * steps);
  for (let s = 0; s < fleet.segments.length; s++) {
    const leaf = fleet.leafNodeOf[s];
    if (leaf < 0) continue;
    segmentBaseInto(prepared, s, base, cap);
    const row = leaf * steps;
    for (let step = 0; step < steps; step++) {
      leafBase[row + step] += base[step];
      leafCap[row + step] += cap[step];
    }
  }
  const nodes = new Map<string, PvNodeForecast>();
  const startIndex = Math.round(grid.startTs / ISP_MS);
  const nodeBase = new Float64Array(steps);
  const nodeCap = new Float64Array(steps);
  for (let n = 0; n < nodeCount; n++) {
    nodeBase.fill(0);
    nodeCap.fill(0);
    const leaves = fleet.nodeLeaves[n];
    if (leaves) {
      for (const leaf of leaves) {
        const row = leaf * steps;
        for (let step = 0; step < steps; step++) {
          nodeBase[step] += leafBase[row + step];
          nodeCap[step] += leafCap[row + step];
        }
      }
    } else {
      for (const s of fleet.nodeSegments[n]) {
        segmentBaseInto(prepared, s, base, cap);
        for (let step = 0; step < steps; step++) {
          nodeBase[step] += base[step];
          nodeCap[step] += cap[step];
        }
      }
    }
    const pvW: QuantileSeries = { levels, steps, values: quantilesW.subarray(n * size, (n + 1) * size) };
    const csi = prepared.nodeCsi[n];
    for (let level = 0; level < levels.length; level++) {
      const row = level * steps;
      for (let step = 0; step < steps; step++) pvW.values[row + step] = Math.min(nodeBase[step] * csi[row + step], nodeCap[step]);
    }
    const model = fleet.csiModels[n];
    const expected = prepared.nodeExpectedCsi[n];
    const persistence = Number.isFinite(model.lastValid) ? model.lastValid : Number.NaN;
    const points = (k: number): Float64Array => pointsW.subarray((n * 3 + k) * steps, (n * 3 + k + 1) * steps);
    const expectedW = points(0);
    const smartPersistenceW = points(1);
    const climatologyW = points(2);
    for (let step = 0; step < steps; step++) {
      const b = nodeBase[step];
      const c = nodeCap[step];
      expectedW[step] = Math.min(b * expected[step], c);
      smartPersistenceW[step] = Math.min(b * persistence, c);
      climatologyW[step] = Math.min(b * model.climatology[solarHourOf(startIndex + step, model.longitudeDeg)], c);
    }
    nodes.set(fleet.nodes[n].nodeId, { pvW, expectedW, references: { smartPersistenceW, climatologyW } });
  }
  return nodes;
}

/**
 * Streams the segments' forecasts: `visit(segmentIndex, series, expectedW)` gets one reused series and
 * expected power (copy them to keep them). Returns the nodes' forecasts.
 */
export function forEachPvSegmentForecast(
  fleet: PvFleet,
  grid: ForecastGrid,
  visit: (segmentIndex: number, series: QuantileSeries, expectedW: Float64Array) => void,
  input: PvForecastInput = {},
): Map<string, PvNodeForecast> {
  const prepared = preparePvForecast(fleet, grid, input);
  const series = createQuantileSeries(grid.steps, prepared.levels);
  const expectedW = new Float64Array(grid.steps);
  for (let s = 0; s < fleet.segments.length; s++) visit(s, pvSegmentForecastInto(prepared, s, series, expectedW), expectedW);
  return pvNodeForecasts(prepared);
}

/** Every segment and node at once (holds all segment series: for small fleets, tests and the backtest). */
export function forecastPvFleet(fleet: PvFleet, grid: ForecastGrid, input: PvForecastInput = {}): PvFleetForecast {
  const segments: QuantileSeries[] = [];
  const segmentExpectedW: Float64Array[] = [];
  const nodes = forEachPvSegmentForecast(
    fleet,
    grid,
    (_, series, expectedW) => {
      segments.push({ ...series, values: series.values.slice() });
      segmentExpectedW.push(expectedW.slice());
    },
    input,
  );
  return { segments, segmentExpectedW, nodes };
}
