/**
 * Street-light and EV load forecasts for a generated city of 100,000 segments × 192 steps × 5 levels,
 * one core: profile planning (sun per distinct location), the lights pass, the EV pass for segments
 * (trained habits) and for grid nodes. The sinks only read one value per series, so the figures are
 * the models' cost, not encoding. Run: node tools/scripts/run-ts.mjs test/bench/forecast-loads.bench.ts
 * Ends with a JSON line of every figure.
 */
import {
  createEvHabits,
  defaultEvPrior,
  evCapacityW,
  evGridBuckets,
  forecastFleetEv,
  forecastFleetLights,
  forecastGridFor,
  NODE_EV_LAYOUT,
  observeEvPowerInBucket,
  planLightsProfiles,
  pooledEvPrior,
  SEGMENT_EV_LAYOUT,
} from '@trottoir/forecasting-domain';
import { generateCity } from '@trottoir/fleet';
import { DEFAULT_LIGHTING_POLICY, Prng } from '@trottoir/kernel';

const SEGMENTS = Number(process.env.SEGMENTS ?? 100_000);
const TZ = 'Europe/Paris';

const setupStart = performance.now();
const city = generateCity({ segments: SEGMENTS, seed: 1 });
const segments = city.segments;
const n = segments.length;
const grid = forecastGridFor(Date.UTC(2026, 10, 30, 15, 7));
const setupMs = performance.now() - setupStart;

// Lights: columns built once per registry version.
const lightsInput = {
  latitudeDeg: Float64Array.from(segments, (s) => s.location?.latDeg ?? 45.76),
  longitudeDeg: Float64Array.from(segments, (s) => s.location?.lonDeg ?? 4.84),
  policyIndex: new Uint32Array(n),
  policies: [{ ...DEFAULT_LIGHTING_POLICY, timeZone: TZ }],
};
let started = performance.now();
const plan = planLightsProfiles(lightsInput, grid);
const planMs = performance.now() - started;
const lightsFleet = {
  ratedW: Float64Array.from(segments, (s) => (s.lighting?.count ?? 0) * (s.lighting?.ratedPowerWEach ?? 0)),
  minDimmingPct: Float64Array.from(segments, (s) => s.lighting?.minDimmingPct ?? 0),
  profileIndex: plan.profileIndex,
  scale: new Float32Array(n).fill(1),
};
let checksum = 0;
started = performance.now();
forecastFleetLights(lightsFleet, plan.profiles, (_, series) => {
  checksum += series.values[100];
});
const lightsMs = performance.now() - started;

// EV: habits trained on 4 weeks of random samples (content does not change the cost). The generated
// city has connectors on a fifth of its segments; the worst case gives every other segment one 22 kW
// connector too, so all 100,000 take the full path (EV_ALL=0 for the city as generated).
const everySegment = process.env.EV_ALL !== '0';
const capacityW = Float64Array.from(segments, (s) => evCapacityW(s.evConnectors) || (everySegment ? 22_000 : 0));
const evSegments = capacityW.filter((w) => w > 0).length;
const habits = createEvHabits(capacityW, SEGMENT_EV_LAYOUT);
const random = Prng.fromSeed(7);
for (let entry = 0; entry < n; entry++) {
  if (!(capacityW[entry] > 0)) continue;
  for (let k = 0; k < 168 * 4; k++) observeEvPowerInBucket(habits, entry, k % 168, random.next() < 0.2 ? random.next() * capacityW[entry] : 0);
}
const nodeIds = [...new Set(segments.map((s) => s.gridNodeId))];
const nodeIndex = new Map(nodeIds.map((id, i) => [id, i]));
const nodeCapacityW = new Float64Array(nodeIds.length);
const nodeConnectors = new Float64Array(nodeIds.length);
segments.forEach((s, i) => {
  const node = nodeIndex.get(s.gridNodeId) ?? 0;
  nodeCapacityW[node] += capacityW[i];
  nodeConnectors[node] += s.evConnectors.length || (everySegment ? 1 : 0);
});
const nodeHabits = createEvHabits(nodeCapacityW, NODE_EV_LAYOUT);
for (let node = 0; node < nodeIds.length; node++) {
  for (let k = 0; k < 168 * 4; k++) observeEvPowerInBucket(nodeHabits, node, k % 168, random.next() * 0.3 * nodeCapacityW[node]);
}
// Node default priors depend on the registry only: built when it changes, not every cycle.
started = performance.now();
const nodePriors = nodeIds.map((_, i) => defaultEvPrior(NODE_EV_LAYOUT, nodeConnectors[i], nodeCapacityW[i]));
const nodePriorMs = performance.now() - started;
started = performance.now();
const defaultPrior = defaultEvPrior(SEGMENT_EV_LAYOUT, 2, 44_000);
const fleetPrior = pooledEvPrior(habits, defaultPrior);
const priorMs = performance.now() - started;
started = performance.now();
const buckets = evGridBuckets(grid, TZ);
forecastFleetEv(habits, buckets, { priors: [fleetPrior], priorIndex: new Uint16Array(n) }, (_, series) => {
  checksum += series.values[100];
});
const evMs = performance.now() - started;
started = performance.now();
forecastFleetEv(nodeHabits, buckets, { priors: nodePriors, priorIndex: Uint32Array.from(nodeIds, (_, i) => i) }, (_, series) => {
  checksum += series.values[100];
});
const nodesMs = performance.now() - started;

const totalMs = planMs + lightsMs + priorMs + evMs + nodesMs;
console.log(`${n} segments (${plan.locations} sun locations, ${plan.profiles.length} light profiles), ${nodeIds.length} nodes, ${grid.steps} steps × 5 levels; city ${Math.round(setupMs)} ms`);
console.log(`lights: plan ${planMs.toFixed(0)} ms + segments ${lightsMs.toFixed(0)} ms; EV: pooled prior ${priorMs.toFixed(0)} ms, segments ${evMs.toFixed(0)} ms (${evSegments} with connectors), nodes ${nodesMs.toFixed(0)} ms (node default priors, per registry version: ${nodePriorMs.toFixed(0)} ms)`);
console.log(`EV habits: ${(habits.counts.byteLength / 1e6).toFixed(1)} MB for segments (${habits.counts.byteLength / n} B each), ${(nodeHabits.counts.byteLength / 1e6).toFixed(2)} MB for nodes`);
console.log(
  JSON.stringify({
    segments: n,
    nodes: nodeIds.length,
    steps: grid.steps,
    levels: 5,
    sunLocations: plan.locations,
    lightsPlanMs: +planMs.toFixed(1),
    lightsMs: +lightsMs.toFixed(1),
    evSegmentsMs: +evMs.toFixed(1),
    evSegmentsWithConnectors: evSegments,
    evNodesMs: +nodesMs.toFixed(1),
    evNodePriorsMs: +nodePriorMs.toFixed(1),
    evPooledPriorMs: +priorMs.toFixed(1),
    totalSeconds: +(totalMs / 1000).toFixed(3),
    segmentStepsPerSec: Math.round((n * grid.steps) / (totalMs / 1000)),
    checksum: Math.round(checksum),
  }),
);
