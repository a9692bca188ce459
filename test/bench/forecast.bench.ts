/**
 * Forecast cycles of a 100,000-segment city, 192 quarter-hours × 5 quantile levels of PV, street-light
 * and EV power per segment and per grid node: what the forecasting service computes every 15 minutes
 * (learning the last quarter-hour, the node forecasts, then every segment's, in the chunks the service
 * stores and publishes). The models are first warmed with days of synthetic measurements so the cycles
 * run on learned state, as in production. Not part of `npm test`.
 *
 * The work runs in a child process started with the service's heap cap, so that its RSS is what the
 * service would hold: the fleet (the registry's segment records, as the fleet view keeps them), the
 * models, an hour of history being learned and one cycle's buffers, and not the warm-up's garbage (a
 * full GC runs before the first cycle) nor this parent's. `rssMb` is the highest RSS sampled during the
 * cycles (after learning, after the nodes, after every chunk).
 *
 * Run: npm run bench:forecast [-- --segments 100000 --seed 1 --warmup-days 3 --cycles 2 --heap-mb 0 --semi-space-mb 0].
 * One JSON line per cycle on stdout:
 * {"cycle":…,"segments":…,"nodes":…,"steps":…,"seconds":…,"cpuSeconds":…,"learnMs":…,"nodesMs":…,"learnCpuMs":…,"nodesCpuMs":…,"segmentStepsPerSec":…,"rssMb":…,
 *  "heapUsedMb":…,"heapTotalMb":…,"arrayBuffersMb":…,"startRssMb":…}
 * (seconds = the cycle's wall time, warm-up excluded; cpuSeconds = the process's user + system CPU over it; the
 * heap and array-buffer figures are those of the sample with the highest RSS).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

import { FleetForecaster, forecasterCheckpointParts, ForecasterCheckpointReader, fleetModelInputOf, forecastGridFor } from '@trottoir/forecasting-domain';
import type { FleetInterval } from '@trottoir/forecasting-domain';
import { generateCity } from '@trottoir/fleet';
import { ISP_MS, Prng } from '@trottoir/kernel';

import { syntheticInterval as syntheticIntervalOf } from './forecast.bench.helpers';

/** A forecast value as it is stored and published (float32). */
const stored = (value: number | undefined): number => Math.fround(value ?? 0);

/** Values of each segment series summed into the checksum: both ends, the midday and night steps of P10…P90. */
const CHECKED = [0, 40, 100, 191, 230, 400, 500, 700, 900, 959];

const { values } = parseArgs({
  options: {
    segments: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'warmup-days': { type: 'string', default: '14' },
    chunk: { type: 'string', default: '2000' },
    cycles: { type: 'string', default: '2' },
    checkpoint: { type: 'boolean', default: false },
    'heap-mb': { type: 'string', default: '0' },
    'semi-space-mb': { type: 'string', default: '0' },
    'cpu-prof-dir': { type: 'string', default: '' },
    child: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    [
      'usage: npm run bench:forecast [-- --segments 100000] [--seed 1] [--warmup-days 14] [--chunk 2000] [--cycles 2] [--heap-mb 0]',
      '  --cycles   successive cycles 15 min apart (the first after a warm-up builds every table; later ones are the steady state)',
      '  --heap-mb  the child\'s --max-old-space-size, as the service is deployed (0: Node\'s default)',
      '  --semi-space-mb  the child\'s --max-semi-space-size (the young generation; 0: Node\'s default)',
      '  --cpu-prof-dir  write a V8 CPU profile of the child (warm-up included) into this directory',
      '  --checkpoint  after the cycles: checkpoint the learned state (bytes, ms), restore it into a new forecaster (ms),',
      '             and check that both issue the same next forecast (a warm restart, the database left out)',
    ].join('\n'),
  );
  process.exit(0);
}

if (!values.child) {
  // The parent only starts the child: nothing of the fleet lives here.
  const heapMb = Number(values['heap-mb']);
  const profileDir = values['cpu-prof-dir'];
  const semiSpaceMb = Number(values['semi-space-mb']);
  const nodeArgs = ['--expose-gc', ...(heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []), ...(semiSpaceMb > 0 ? [`--max-semi-space-size=${semiSpaceMb}`] : []), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '-r', '@swc-node/register'];
  const child = spawn(process.execPath, [...nodeArgs, __filename, ...process.argv.slice(2), '--child'], { stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  runChild();
}

function runChild(): void {
  const segmentCount = Number(values.segments);
  const warmupDays = Number(values['warmup-days']);
  const chunk = Number(values.chunk);
  const cycles = Number(values.cycles);
  if (!(segmentCount >= 1) || !(warmupDays >= 0) || !(chunk >= 1) || !(cycles >= 1)) throw new Error('--segments, --warmup-days, --chunk and --cycles must be positive numbers');
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

  const firstIssuedAt = Date.UTC(2026, 5, 21, 9, 2);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const startRssMb = Math.round(process.memoryUsage.rss() / 1e6);
  let started = performance.now();
  // The city stays referenced: its segment and node records are what the service's fleet view holds.
  const city = generateCity({ segments: segmentCount, seed: Number(values.seed) });
  const input = fleetModelInputOf(city.segments, city.gridNodes, { timeZone: 'Europe/Paris' });
  const forecaster = new FleetForecaster(input);
  log(`city: ${input.segments.length} segments, ${input.nodes.length} grid nodes (${Math.round(performance.now() - started)} ms)`);

  /** The quarter-hours the models learn from (forecast.bench.helpers.ts), one random stream for the whole run. */
  const random = Prng.fromSeed(7);
  const syntheticInterval = (ts: number): FleetInterval => syntheticIntervalOf(input, ts, random);

  started = performance.now();
  const firstTs = Math.floor(firstIssuedAt / ISP_MS) * ISP_MS - warmupDays * 96 * ISP_MS;
  // An hour at a time: what the service holds of the history while it learns is one window of it.
  for (let hour = 0; hour < warmupDays * 24; hour++) {
    forecaster.observe(Array.from({ length: 4 }, (_, k) => syntheticInterval(firstTs + (hour * 4 + k) * ISP_MS)));
    if (hour % 24 === 23) log(`warm-up: day ${(hour + 1) / 24}/${warmupDays} (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  gc();
  gc();
  const warmRssMb = process.memoryUsage.rss() / 1e6;
  const memory = process.memoryUsage();
  log(`after warm-up and a full GC: RSS ${Math.round(warmRssMb)} MB, heap used ${Math.round(memory.heapUsed / 1e6)} of ${Math.round(memory.heapTotal / 1e6)} MB, array buffers ${Math.round(memory.arrayBuffers / 1e6)} MB`);

  for (let cycle = 1; cycle <= cycles; cycle++) {
    const issuedAt = firstIssuedAt + (cycle - 1) * ISP_MS;
    // At the highest RSS, what it was made of: the JS heap (used, committed) and the array buffers (typed arrays).
    let peak = process.memoryUsage();
    const sample = () => {
      const now = process.memoryUsage();
      if (now.rss > peak.rss) peak = now;
    };
    // The cycle: learn the last quarter-hour, forecast nodes, then every segment chunk by chunk.
    const lastInterval = syntheticInterval(Math.floor(issuedAt / ISP_MS) * ISP_MS - ISP_MS);
    const grid = forecastGridFor(issuedAt);
    const cpuBefore = process.cpuUsage();
    started = performance.now();
    forecaster.observe([lastInterval]);
    sample();
    const learnMs = performance.now() - started;
    const learnCpu = process.cpuUsage(cpuBefore);
    const run = forecaster.forecast(grid);
    sample();
    const nodesMs = performance.now() - started - learnMs;
    const nodesCpu = process.cpuUsage(cpuBefore);
    const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
    // Checksums to compare the outputs of two versions: every node value, a few values of every segment, each as
    // stored and published (float32: a version that computes in float64 then rounds compares equal to one that rounds as it writes).
    let segmentChecksum = 0;
    for (let from = 0; from < run.segmentCount; from += chunk) {
      for (const segment of run.segments(from, from + chunk)) {
        for (const k of CHECKED) segmentChecksum += stored(segment.pvW.values[k]) + stored(segment.evW.values[k]) + stored(segment.lightsW.values[k]);
      }
      sample();
    }
    let nodeChecksum = 0;
    for (const node of run.nodes) {
      for (const series of [node.pvW, node.evW, node.lightsW]) for (let k = 0; k < series.values.length; k++) nodeChecksum += stored(series.values[k]);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const rssMb = Math.round(peak.rss / 1e6);
    const mb = (bytes: number) => Math.round(bytes / 1e6);
    log(
      `cycle ${cycle}: learn ${learnMs.toFixed(0)} ms, nodes ${nodesMs.toFixed(0)} ms, total ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s); ` +
        `peak RSS ${rssMb} MB (heap used ${mb(peak.heapUsed)} of ${mb(peak.heapTotal)} MB, array buffers ${mb(peak.arrayBuffers)} MB); checksums: nodes ${nodeChecksum}, segments ${segmentChecksum}`,
    );
    console.log(
      JSON.stringify({
        cycle,
        segments: run.segmentCount,
        nodes: run.nodes.length,
        steps: grid.steps,
        seconds: +seconds.toFixed(3),
        cpuSeconds: +cpuSeconds.toFixed(3),
        learnMs: Math.round(learnMs),
        nodesMs: Math.round(nodesMs),
        learnCpuMs: Math.round(cpuMs(learnCpu)),
        nodesCpuMs: Math.round(cpuMs(nodesCpu) - cpuMs(learnCpu)),
        segmentStepsPerSec: Math.round((run.segmentCount * grid.steps) / seconds),
        rssMb,
        heapUsedMb: mb(peak.heapUsed),
        heapTotalMb: mb(peak.heapTotal),
        arrayBuffersMb: mb(peak.arrayBuffers),
        startRssMb,
      }),
    );
  }

  if (values.checkpoint) {
    // A warm restart without the database: checkpoint, restore into a fresh forecaster, and both forecast the next cycle.
    let startedAt = performance.now();
    const reader = new ForecasterCheckpointReader();
    let checkpointBytes = 0;
    let parts = 0;
    for (const part of forecasterCheckpointParts(forecaster.learned())) {
      checkpointBytes += part.byteLength;
      parts++;
      reader.accept(part);
    }
    const checkpointMs = performance.now() - startedAt;
    startedAt = performance.now();
    const restored = new FleetForecaster(input, reader.finish());
    const restoreMs = performance.now() - startedAt;
    const issuedAt = firstIssuedAt + cycles * ISP_MS;
    const last = syntheticInterval(Math.floor(issuedAt / ISP_MS) * ISP_MS - ISP_MS);
    const sums = (subject: FleetForecaster): number[] => {
      subject.observe([last]);
      const run = subject.forecast(forecastGridFor(issuedAt));
      let nodes = 0;
      for (const node of run.nodes) for (const series of [node.pvW, node.evW, node.lightsW]) for (let k = 0; k < series.values.length; k++) nodes += series.values[k] ?? 0;
      let segments = 0;
      for (let from = 0; from < run.segmentCount; from += chunk) {
        for (const segment of run.segments(from, from + chunk)) for (const k of CHECKED) segments += (segment.pvW.values[k] ?? 0) + (segment.evW.values[k] ?? 0) + (segment.lightsW.values[k] ?? 0);
      }
      return [nodes, segments];
    };
    startedAt = performance.now();
    const afterRestart = sums(restored);
    const firstForecastMs = performance.now() - startedAt;
    const uninterrupted = sums(forecaster);
    const equal = afterRestart[0] === uninterrupted[0] && afterRestart[1] === uninterrupted[1];
    log(`checkpoint: ${parts} parts, ${Math.round(checkpointBytes / 1e6)} MB written and read back in ${Math.round(checkpointMs)} ms; restored in ${Math.round(restoreMs)} ms; first cycle after it ${Math.round(firstForecastMs)} ms; next forecast ${equal ? 'equal' : 'DIFFERENT'} (${afterRestart.join(', ')} vs ${uninterrupted.join(', ')})`);
    console.log(JSON.stringify({ checkpointMb: +(checkpointBytes / 1e6).toFixed(1), parts, checkpointMs: Math.round(checkpointMs), restoreMs: Math.round(restoreMs), firstCycleAfterRestoreMs: Math.round(firstForecastMs), restoredForecastEqual: equal }));
  }
}
