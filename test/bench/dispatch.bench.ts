/**
 * The dispatch service's order path, timed from the order received to every setpoint published: the
 * service's own classes (OrderTaker → Dispatcher: the node view, the plan, the solver in its worker
 * thread, the safety check, setpoint messages on the bus), wired to the in-process bus and the
 * in-memory store that `npm start` uses. A seeded city (@trottoir/fleet) hangs under one grid node on a
 * winter evening (18:00 UTC: the last PV, street lights on, cars charging, batteries at random states of
 * charge), each segment reports, the node has a forecast. Each repetition asks an offer for 4 quarter-hour
 * ISPs (a cut of the node's import), orders a random share of it and times `take(order)` from its call to
 * the moment the last setpoint publish resolves (the order's answer and record come after, also shown);
 * the order is then let go so that the next one finds the fleet free. On the sizes
 * up to --compare-max it also solves the stored problem as one full HiGHS LP, for the objective gap.
 * Not part of `npm test`.
 *
 * Run: npm run bench:dispatch [-- --sizes 1000,10000,100000 --runs 30,20,8 --compare-max 2000 --seed 1]
 * Ends with one JSON line per size:
 * {"segments":…,"isps":4,"p50Ms":…,"p99Ms":…,"objective":…,"fullLpObjective":…|null,"rssMb":…}
 * `rssMb` is the process's highest RSS sampled while the size's orders ran: the service's order path and
 * its solver thread, but also the generated city and the in-memory store keeping every order's problem
 * (PostgreSQL in production), so an upper bound of what dispatch holds at that fleet size.
 */
import { parseArgs } from 'node:util';

import { create } from '@bufbuild/protobuf';
import type { Segment } from '@trottoir/contracts';
import { FlexOrderSchema, FlexRequestSchema, GridNodeKind, GridNodeSchema, topics } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import type { DispatchProblem, NodeFlowForecast } from '@trottoir/flexibility';
import { loadHighsSolver, solveDispatchProblem } from '@trottoir/flexibility';
import { HOUR_MS, ISP_MS, Prng } from '@trottoir/kernel';

import { dispatchHarness } from '../../services/dispatch/src/testing/dispatch.harness';
import type { DispatchHarness } from '../../services/dispatch/src/testing/dispatch.harness';
import { WorkerDispatchSolver } from '../../services/dispatch/src/solver/worker-dispatch-solver';
import { sampleRss } from './peak-rss';

const ISPS = 4;
const NODE = 'BENCH';
/** A January evening: lights on, the last PV, cars charging after work. */
const EVENING = Date.UTC(2026, 0, 14, 18);

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    runs: { type: 'string', default: '30,20,8' },
    'compare-max': { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: npm run bench:dispatch [-- --sizes 1000,10000,100000] [--runs 30,20,8] [--compare-max 2000] [--seed 1]

Times the dispatch service's order path (order received → every setpoint published) for orders of 4
quarter-hour ISPs on a seeded city under one grid node; --compare-max: the largest size whose problems are
also solved as one full HiGHS LP (objective gap). Progress on stderr, one JSON line per size on stdout.`);
  process.exit(0);
}
const list = (text: string): number[] => text.split(',').filter(Boolean).map(Number);
const sizes = list(values.sizes);
const runs = list(values.runs);
const compareMax = Number(values['compare-max']);
const seed = Number(values.seed);
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

/** Every segment reports an evening reading at the clock's now. */
function report(h: DispatchHarness, segments: readonly Segment[], rng: Prng): void {
  const ts = h.clock.now();
  for (const segment of segments) {
    const pvPowerW = (segment.pv?.inverterLimitW ?? 0) * rng.between(0.01, 0.05);
    const lightsPowerW = (segment.lighting?.count ?? 0) * (segment.lighting?.ratedPowerWEach ?? 0);
    const evPowerW = segment.evConnectors.filter(() => rng.chance(0.5)).reduce((sum, connector) => sum + connector.maxPowerW * rng.between(0.5, 1), 0);
    const battery = segment.battery;
    const batterySocPct = battery ? rng.between(battery.socMinPct, battery.socMaxPct) : undefined;
    h.live.put(segment.segmentId, {
      ts,
      pvPowerW,
      lightsPowerW,
      evPowerW,
      batteryPowerW: 0,
      ...(batterySocPct === undefined ? {} : { batterySocPct }),
      netPowerW: lightsPowerW + evPowerW - pvPowerW,
    });
  }
}

/** The node's forecast: tonight as it is now, for a day of quarter-hours. */
function flatForecast(h: DispatchHarness, segments: readonly Segment[]): NodeFlowForecast {
  let pvW = 0;
  let lightsW = 0;
  let evW = 0;
  for (const segment of segments) {
    const reading = h.live.reading(segment.segmentId);
    pvW += reading?.pvPowerW ?? 0;
    lightsW += reading?.lightsPowerW ?? 0;
    evW += reading?.evPowerW ?? 0;
  }
  const steps = 96;
  return { issuedAt: h.clock.now(), startTs: EVENING - HOUR_MS, stepMs: ISP_MS, pvP10W: new Array(steps).fill(pvW * 0.7), pvP50W: new Array(steps).fill(pvW), lightsP50W: new Array(steps).fill(lightsW), evP50W: new Array(steps).fill(evW) };
}

/** Seconds spent in the solver so far (the problem's transfer to the worker and back included). */
async function solveSecondsSum(h: DispatchHarness): Promise<number> {
  const { values } = await h.metrics.solveSeconds.get();
  return values.filter((value) => value.metricName === 'trottoir_dispatch_solve_duration_seconds_sum').reduce((sum, value) => sum + value.value, 0);
}

interface SizeResult {
  segments: number;
  isps: number;
  p50Ms: number;
  p99Ms: number;
  objective: number;
  fullLpObjective: number | null;
  rssMb: number;
}

async function benchSize(size: number, repetitions: number, index: number): Promise<SizeResult> {
  const solver = new WorkerDispatchSolver();
  const peakRss = sampleRss();
  const h = await dispatchHarness({ TROTTOIR_DISPATCH_ISP_MS: String(ISP_MS), TROTTOIR_DISPATCH_REBOUND_ISPS: '4', TROTTOIR_DISPATCH_OFFER_VALIDITY_MS: String(HOUR_MS) }, { solver });
  try {
    const city = generateCity({ segments: size, seed: seed + index });
    const segments = city.segments.map((segment) => ({ ...segment, gridNodeId: NODE }));
    h.fleet.putGridNodes([create(GridNodeSchema, { nodeId: NODE, parentId: 'PS', kind: GridNodeKind.LV_FEEDER, ratedLimitW: 1e12, dsoId: 'dso-1', name: NODE })]);
    h.fleet.putSegments(segments);
    const rng = Prng.fromSeed(seed * 1_000 + index);
    // When the last setpoint publish of an order resolved: the end of what is timed.
    let setpointsPublishedAt = 0;
    const publish = h.bus.publish.bind(h.bus);
    h.bus.publish = (async (topic, events, options) => {
      await publish(topic, events, options);
      if (topic.name === topics.dispatchSetpoint.name) setpointsPublishedAt = performance.now();
    }) as typeof h.bus.publish;
    const durationsMs: number[] = [];
    let objective = 0;
    let fullLpObjective: number | null = null;
    let lastProblem: DispatchProblem | undefined;
    for (let run = 0; run < repetitions + 1; run++) {
      h.clock.set(EVENING + run * 2 * HOUR_MS);
      report(h, segments, rng);
      h.forecasts.put(NODE, flatForecast(h, segments));
      const ispStart = Math.ceil((h.clock.now() + 60_000) / ISP_MS) * ISP_MS;
      const flexibility = (await h.offers.answer(
        create(FlexRequestSchema, {
          requestId: `bench-${size}-${run}`,
          dsoId: 'dso-1',
          nodeId: NODE,
          ispMs: ISP_MS,
          isps: Array.from({ length: ISPS }, (_, k) => ({ ispStart: ispStart + k * ISP_MS, deltaW: -1e12 })),
          expiresAt: ispStart,
          requestedAt: h.clock.now(),
        }),
      ));
      if (flexibility.isps.some((isp) => isp.offeredDeltaW === 0)) throw new Error(`no flexibility offered at ${size} segments: ${flexibility.reason}`);
      const share = rng.between(0.2, 0.9);
      const order = create(FlexOrderSchema, {
        orderId: `order-${size}-${run}`,
        offerId: flexibility.offerId,
        nodeId: NODE,
        dsoId: 'dso-1',
        isps: flexibility.isps.map((isp) => ({ ispStart: isp.ispStart, deltaW: Math.round(isp.offeredDeltaW * share) })),
        orderedAt: h.clock.now(),
      });
      const solvedBefore = await solveSecondsSum(h);
      const started = performance.now();
      const response = await h.orders.take(order);
      const solveMs = ((await solveSecondsSum(h)) - solvedBefore) * 1_000;
      const takenMs = performance.now() - started;
      const elapsedMs = setpointsPublishedAt - started;
      // The problem (tens of MB at fleet scale) is read back only where the full LP needs it: copying it
      // after every order would leave the next one a major GC that is the benchmark's, not the service's.
      const last = run === repetitions;
      const record = await h.store.order(order.orderId, { problem: last && size <= compareMax, solution: true });
      if (!record || record.status !== 'accepted') throw new Error(`order refused at ${size} segments: ${response.reason}`);
      // The first order warms the worker and the JIT up: not counted.
      if (run > 0) durationsMs.push(elapsedMs);
      objective = record.solution?.objective ?? Number.NaN;
      lastProblem = record.problem;
      log(`  ${size} segments, order ${run}${run === 0 ? ' (warm-up)' : ''}: setpoints out in ${elapsedMs.toFixed(1)} ms (solver ${solveMs.toFixed(1)} ms, problem to worker and back included; order answered and stored in ${takenMs.toFixed(1)} ms), ${response.setpoints} setpoints, ${record.solution?.method}, objective ${objective}`);
      // Let the order go: the next one finds the fleet free.
      h.active.remove(order.orderId);
      h.acks.forget(order.orderId);
      h.busy.release(order.orderId, h.fleet.segmentIdsBelow(NODE));
    }
    if (lastProblem && size <= compareMax) {
      const lp = await loadHighsSolver();
      fullLpObjective = solveDispatchProblem(lastProblem, lp, { method: 'lp' }).objective;
    }
    durationsMs.sort((a, b) => a - b);
    return { segments: size, isps: ISPS, p50Ms: Math.round(percentile(durationsMs, 0.5) * 10) / 10, p99Ms: Math.round(percentile(durationsMs, 0.99) * 10) / 10, objective, fullLpObjective, rssMb: peakRss() };
  } finally {
    await h.close();
    await solver.close();
  }
}

async function main(): Promise<void> {
  log(`node ${process.version}; order received → every setpoint published (OrderTaker.take), ${ISPS} ISPs of 15 min + 4 rebound ISPs`);
  const results: SizeResult[] = [];
  for (const [index, size] of sizes.entries()) {
    log(`${size} segments under one node, ${runs[index] ?? runs[runs.length - 1]} orders…`);
    results.push(await benchSize(size, runs[index] ?? runs[runs.length - 1], index));
  }
  for (const result of results) console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
