/**
 * The scenario of the curtailed-pv error bench: a generated city simulated over whole local days, with PV
 * curtailed during event windows on the last days (orders on grid nodes of every size, at varied times of
 * day, each curtailing a share of the segments below the node), kept as 15-minute series of what the meters
 * saw and of what the tiles would have made (the simulator's truth); and the segments' own PV forecasts
 * (P50, issued an hour before each event) for the method's fallback.
 */
import { create } from '@bufbuild/protobuf';
import { GridNodeKind, SegmentSetpointSchema } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import { buildClearSkyTable, createPvFleet, createQuantileSeries, forecastGridFor, observePvNodes, observePvSegments, preparePvForecast, pvSegmentForecastInto } from '@trottoir/forecasting-domain';
import type { PvFleet } from '@trottoir/forecasting-domain';
import { DAY_MS, HOUR_MS, hashSeed, ISP_MS, localDayStartTs, nextDate, Prng } from '@trottoir/kernel';
import { applySetpoint, createFleetState, stepFleetWithTruth } from '@trottoir/simulator';
import type { FleetState } from '@trottoir/simulator';

export const TIME_ZONE = 'Europe/Paris';
const ISPS_PER_DAY = DAY_MS / ISP_MS;

export interface ScenarioOptions {
  segments: number;
  seed: number;
  /** First local date simulated. */
  from: string;
  /** Days simulated, the event days last. */
  days: number;
  eventDays: number;
  /** Share of the fleet's segments curtailed on each event day. */
  curtailedShare: number;
  /** Simulator steps per ISP (readings averaged into the ISP's mean). */
  stepsPerIsp: number;
}

/** One order's curtailment: a node, a window, the segments below it that were limited. */
export interface CurtailmentEvent {
  nodeId: string;
  nodeKind: 'lv-feeder' | 'substation' | 'mv-feeder';
  /** Segments below the node. */
  nodeSegments: number;
  startTs: number;
  endTs: number;
  /** Indices into `Scenario.segments`. */
  curtailed: number[];
}

export interface Scenario {
  segments: Segment[];
  gridNodes: GridNode[];
  fleet: FleetState;
  /** Start of the first ISP simulated (local midnight of `from`). */
  firstTs: number;
  ispCount: number;
  /** Per segment, per ISP from `firstTs`: mean PV the meter saw, and what the tiles would have made, W. */
  measuredW: Float64Array[];
  truthW: Float64Array[];
  /** Per segment, per ISP: 1 when a setpoint limited its PV. */
  curtailed: Uint8Array[];
  events: CurtailmentEvent[];
}

const LEVELS: { kind: GridNodeKind; name: CurtailmentEvent['nodeKind']; weight: number }[] = [
  { kind: GridNodeKind.LV_FEEDER, name: 'lv-feeder', weight: 0.5 },
  { kind: GridNodeKind.SECONDARY_SUBSTATION, name: 'substation', weight: 0.35 },
  { kind: GridNodeKind.MV_FEEDER, name: 'mv-feeder', weight: 0.15 },
];

/** Node id → indices of the segments below it (at any depth). */
function segmentsBelow(gridNodes: readonly GridNode[], segments: readonly Segment[]): Map<string, number[]> {
  const parentOf = new Map(gridNodes.map((node) => [node.nodeId, node.parentId]));
  const below = new Map<string, number[]>(gridNodes.map((node) => [node.nodeId, []]));
  segments.forEach((segment, s) => {
    for (let nodeId: string | undefined = segment.gridNodeId; nodeId; nodeId = parentOf.get(nodeId)) below.get(nodeId)?.push(s);
  });
  return below;
}

/** The orders of one event day: nodes drawn by level until `curtailedShare` of the fleet is limited, one window per segment. */
function drawEvents(date: string, gridNodes: readonly GridNode[], below: ReadonlyMap<string, number[]>, segmentCount: number, share: number, random: Prng): CurtailmentEvent[] {
  const dayStartTs = localDayStartTs(date, TIME_ZONE);
  const busy = new Set<number>();
  const events: CurtailmentEvent[] = [];
  const target = Math.max(1, Math.round(share * segmentCount));
  for (let attempt = 0; busy.size < target && attempt < 1_000; attempt++) {
    let u = random.next();
    const level = LEVELS.find((candidate) => (u -= candidate.weight) < 0) ?? LEVELS[0];
    const nodes = gridNodes.filter((node) => node.kind === level.kind);
    if (nodes.length === 0) continue;
    const node = random.pick(nodes);
    const free = (below.get(node.nodeId) ?? []).filter((s) => !busy.has(s));
    if (free.length === 0) continue;
    // PV congestion: late morning to mid afternoon mostly, from 08:00 to 19:00 local, 1 to 3 hours.
    const durationIsps = random.int(4, 12);
    const startIsp = random.int(8 * 4, 19 * 4 - durationIsps);
    // An order limits some of the node's segments, all of them on a small node at times.
    const wanted = Math.max(1, Math.round(free.length * random.between(0.3, 1)));
    const curtailed = free.filter(() => random.next() < wanted / free.length).slice(0, target - busy.size);
    if (curtailed.length === 0) continue;
    for (const s of curtailed) busy.add(s);
    events.push({ nodeId: node.nodeId, nodeKind: level.name, nodeSegments: below.get(node.nodeId)?.length ?? 0, startTs: dayStartTs + startIsp * ISP_MS, endTs: dayStartTs + (startIsp + durationIsps) * ISP_MS, curtailed });
  }
  return events;
}

export function buildScenario(options: ScenarioOptions, progress: (line: string) => void): Scenario {
  const city = generateCity({ segments: options.segments, seed: options.seed });
  const { segments, gridNodes } = city;
  const fleet = createFleetState(segments, { seed: options.seed });
  const below = segmentsBelow(gridNodes, segments);
  const random = Prng.fromSeed(hashSeed(options.seed, 'curtailed-pv-bench'));
  const firstTs = localDayStartTs(options.from, TIME_ZONE);
  const lastTs = localDayStartTs(nextDate(options.from, options.days), TIME_ZONE);
  const ispCount = (lastTs - firstTs) / ISP_MS;
  const events: CurtailmentEvent[] = [];
  const eventsByDay = new Map<string, CurtailmentEvent[]>();
  for (let d = options.days - options.eventDays; d < options.days; d++) {
    const date = nextDate(options.from, d);
    const dayEvents = drawEvents(date, gridNodes, below, segments.length, options.curtailedShare, random);
    eventsByDay.set(date, dayEvents);
    events.push(...dayEvents);
  }
  const measuredW = segments.map(() => new Float64Array(ispCount));
  const truthW = segments.map(() => new Float64Array(ispCount));
  const curtailed = segments.map(() => new Uint8Array(ispCount));
  for (const event of events) {
    for (const s of event.curtailed) for (let ts = event.startTs; ts < event.endTs; ts += ISP_MS) curtailed[s][(ts - firstTs) / ISP_MS] = 1;
  }

  const subStepMs = ISP_MS / options.stepsPerIsp;
  const indexOf = new Map(segments.map((segment, s) => [segment.segmentId, s]));
  stepFleetWithTruth(fleet, firstTs, 0);
  const started = performance.now();
  let date = options.from;
  for (let isp = 0; isp < ispCount; isp++) {
    const ispTs = firstTs + isp * ISP_MS;
    if (ispTs === localDayStartTs(date, TIME_ZONE)) {
      // The day's setpoints, as dispatch sends them: one per segment and window, PV limited to a share of its inverter.
      for (const event of eventsByDay.get(date) ?? []) {
        for (const s of event.curtailed) {
          const inverterW = segments[s].pv?.inverterLimitW ?? 0;
          const setpointId = `${event.nodeId}-${event.startTs}-${s}`;
          applySetpoint(fleet, create(SegmentSetpointSchema, { segmentId: segments[s].segmentId, ts: event.startTs, validUntil: event.endTs, pvLimitW: Math.round(inverterW * random.between(0, 0.5)), setpointId }), ispTs);
        }
      }
      progress(`simulating ${date} (${Math.round((performance.now() - started) / 1000)} s)`);
      date = nextDate(date);
    }
    for (let k = 1; k <= options.stepsPerIsp; k++) {
      const { readings, truth } = stepFleetWithTruth(fleet, ispTs + k * subStepMs, subStepMs);
      readings.forEach((reading, r) => {
        const s = indexOf.get(reading.segmentId) as number;
        measuredW[s][isp] += reading.pvPowerW / options.stepsPerIsp;
        truthW[s][isp] += truth[r].uncurtailedPvW / options.stepsPerIsp;
      });
    }
  }
  return { segments, gridNodes, fleet, firstTs, ispCount, measuredW, truthW, curtailed, events };
}

/**
 * The segments' own P50 PV forecasts for every event, issued `leadMs` before its start by the forecasting
 * domain's PV model, which has learned from the measured series up to then (curtailed ISPs unmeasured, as
 * the service would treat them). Returns per event, per curtailed segment (same order), W per event ISP.
 */
export function forecastsForEvents(scenario: Scenario, leadMs: number, progress: (line: string) => void): Float64Array[][] {
  const { segments, firstTs, measuredW, curtailed } = scenario;
  const fleet: PvFleet = createPvFleet(
    segments.map((segment) => ({
      segmentId: segment.segmentId,
      nodeId: segment.gridNodeId,
      latDeg: segment.location?.latDeg ?? 0,
      lonDeg: segment.location?.lonDeg ?? 0,
      elevationM: 170,
      tiltDeg: segment.pv?.tiltDeg ?? 0,
      azimuthDeg: segment.pv?.azimuthDeg ?? 180,
      peakPowerW: segment.pv?.peakPowerW ?? 0,
      inverterLimitW: segment.pv?.inverterLimitW ?? 0,
    })),
  );
  const order = scenario.events.map((event, e) => ({ e, issuedAt: event.startTs - leadMs })).sort((a, b) => a.issuedAt - b.issuedAt);
  const out: Float64Array[][] = scenario.events.map(() => []);
  const segmentW = new Float64Array(segments.length);
  const nodeW = new Float64Array(fleet.nodes.length);
  let observed = 0;
  let table = buildClearSkyTable(fleet.sites, firstTs, ISP_MS, ISPS_PER_DAY);
  const steps = Math.ceil((leadMs + 3 * HOUR_MS) / ISP_MS) + 1;
  const series = createQuantileSeries(steps);
  for (const { e, issuedAt } of order) {
    // Every ISP that ended by the issue time.
    for (; firstTs + (observed + 1) * ISP_MS <= issuedAt; observed++) {
      const ts = firstTs + observed * ISP_MS;
      if (observed % ISPS_PER_DAY === 0) table = buildClearSkyTable(fleet.sites, ts, ISP_MS, ISPS_PER_DAY);
      for (let s = 0; s < segments.length; s++) segmentW[s] = curtailed[s][observed] ? Number.NaN : measuredW[s][observed];
      fleet.nodes.forEach((_, n) => {
        let sumW = 0;
        for (const s of fleet.nodeSegments[n]) sumW += segmentW[s];
        nodeW[n] = sumW;
      });
      observePvSegments(fleet, ts, segmentW, table);
      observePvNodes(fleet, ts, nodeW, table);
    }
    const event = scenario.events[e];
    const prepared = preparePvForecast(fleet, forecastGridFor(issuedAt, steps));
    const median = series.levels.indexOf(0.5);
    const first = (event.startTs - prepared.grid.startTs) / ISP_MS;
    out[e] = event.curtailed.map((s) => {
      pvSegmentForecastInto(prepared, s, series);
      return Float64Array.from({ length: (event.endTs - event.startTs) / ISP_MS }, (_, i) => Math.max(0, series.values[median * steps + first + i]));
    });
    if (e % 20 === 0) progress(`forecasts: ${out.filter((f) => f.length > 0).length}/${scenario.events.length} events`);
  }
  return out;
}
