/**
 * Simulator step throughput: steps per second of `stepFleet` for a generated city of 2,000 and of
 * 100,000 segments (daytime, 60 s steps, so PV, clouds and EV sessions all do their work), without
 * publishing. Run: node tools/scripts/run-ts.mjs test/bench/simulator.bench.ts
 * Prints one line per size, then a JSON line with every figure.
 */
import { MINUTE_MS } from '@trottoir/kernel';
import { generateCity } from '@trottoir/fleet';
import { createFleetState, stepFleet } from '@trottoir/simulator';

const START = Date.UTC(2026, 5, 21, 6);
const STEP_MS = MINUTE_MS;

function bench(segments: number, seconds: number): { segments: number; stepsPerSec: number; readingsPerSec: number; usPerSegment: number; setupMs: number } {
  const setupStart = performance.now();
  const city = generateCity({ segments, seed: 1 });
  const fleet = createFleetState(city.segments, { seed: 1 });
  const setupMs = performance.now() - setupStart;
  // Warm-up: JIT, and the tile-loss state of the first day.
  for (let k = 0; k < 5; k++) stepFleet(fleet, START + k * STEP_MS, k === 0 ? 0 : STEP_MS);
  let steps = 0;
  let readings = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1_000) {
    readings += stepFleet(fleet, START + (steps + 5) * STEP_MS, STEP_MS).length;
    steps++;
  }
  const elapsedS = (performance.now() - started) / 1_000;
  return { segments, stepsPerSec: steps / elapsedS, readingsPerSec: readings / elapsedS, usPerSegment: (elapsedS * 1e6) / readings, setupMs };
}

const results = [bench(2_000, 5), bench(100_000, 10)];
for (const r of results) {
  console.log(`${r.segments} segments: ${r.stepsPerSec.toFixed(1)} steps/s, ${Math.round(r.readingsPerSec)} readings/s, ${r.usPerSegment.toFixed(2)} µs per segment-step (city + state ${Math.round(r.setupMs)} ms)`);
}
console.log(JSON.stringify(Object.fromEntries(results.map((r) => [`segments${r.segments}`, { stepsPerSec: +r.stepsPerSec.toFixed(2), readingsPerSec: Math.round(r.readingsPerSec), usPerSegment: +r.usPerSegment.toFixed(3) }]))));
