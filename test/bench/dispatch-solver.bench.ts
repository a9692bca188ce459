/**
 * The dispatch solver on realistic orders: a seeded city (@trottoir/fleet) hung under one grid node, a
 * winter evening of 4 ISPs (18:00 UTC: the last PV, street lights on, EVs charging as they arrived,
 * batteries at random states of charge) and an order to cut the node's import in ISPs 1 and 2 by a
 * random share of what the fleet could give. Each repetition draws a new evening (plans, SoCs, order)
 * over the same city and times `solveDispatchProblem` alone (the problem already parsed), on the path
 * it picks by itself. On the smaller fleets it also solves the full LP, for the objective gap.
 * Not part of `npm test`.
 *
 * Run: npm run bench:dispatch-solver [-- --sizes 1000,10000,100000 --runs 20,10,5 --compare 200,500,2000 --seed 1]
 * Ends with one JSON line per size:
 * {"segments":…,"isps":4,"method":…,"p50Ms":…,"p99Ms":…,"objective":…,"fullLpObjective":…|null,"gap":…|null}
 */
import { parseArgs } from 'node:util';

import { generateCity } from '@trottoir/fleet';
import { Prng } from '@trottoir/kernel';
import type { DispatchProblem } from '@trottoir/flexibility';
import { checkSetpoints, loadHighsSolver, parseDispatchProblem, solveDispatchProblem } from '@trottoir/flexibility';

import { eveningProblem, N } from './dispatch-solver.bench.helpers';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    runs: { type: 'string', default: '20,10,5' },
    compare: { type: 'string', default: '200,500,2000' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run bench:dispatch-solver [-- --sizes 1000,10000,100000] [--runs 20,10,5] [--compare 200,500,2000] [--seed 1]');
  process.exit(0);
}
const list = (text: string): number[] => text.split(',').filter(Boolean).map(Number);
const sizes = list(values.sizes);
const runs = list(values.runs);
const compareSizes = list(values.compare);
const seed = Number(values.seed);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

async function main(): Promise<void> {
  const lp = await loadHighsSolver();
  log(`node ${process.version}, ${lp.name}`);
  const lines: string[] = [];
  for (const [i, size] of [...compareSizes.map((s) => [s, 0] as const), ...sizes.map((s, k) => [s, runs[k] ?? runs[runs.length - 1]] as const)].entries()) {
    const [segmentCount, repetitions] = size;
    const city = generateCity({ segments: segmentCount, seed: seed + i });
    const rng = Prng.fromSeed(seed * 1_000 + i);
    if (repetitions === 0) {
      // Objective of the aggregated path against the full LP on one evening.
      const problem = eveningProblem(city.segments, rng);
      const started = performance.now();
      const aggregated = solveDispatchProblem(problem, lp, { method: 'aggregated-lp' });
      const aggregatedMs = performance.now() - started;
      const fullStarted = performance.now();
      const full = solveDispatchProblem(problem, lp, { method: 'lp' });
      const fullMs = performance.now() - fullStarted;
      const gap = aggregated.objective !== null && full.objective ? (aggregated.objective - full.objective) / full.objective : null;
      log(`${segmentCount} segments: aggregated ${aggregated.objective} in ${aggregatedMs.toFixed(1)} ms, full LP ${full.objective} in ${fullMs.toFixed(1)} ms, gap ${gap}, violations ${checkSetpoints(problem, aggregated.setpoints).length}`);
      lines.push(JSON.stringify({ segments: segmentCount, isps: N, method: 'aggregated-lp', p50Ms: null, p99Ms: null, objective: aggregated.objective, fullLpObjective: full.objective, gap, fullLpMs: Number(fullMs.toFixed(1)) }));
      continue;
    }
    const timesMs: number[] = [];
    let last: ReturnType<typeof solveDispatchProblem> | undefined;
    let lastProblem: DispatchProblem | undefined;
    for (let r = 0; r <= repetitions; r++) {
      const problem = eveningProblem(city.segments, rng);
      const started = performance.now();
      const solution = solveDispatchProblem(problem, lp);
      const elapsedMs = performance.now() - started;
      if (r > 0) timesMs.push(elapsedMs); // The first run warms the JIT up and is not counted.
      last = solution;
      lastProblem = problem;
    }
    const sorted = [...timesMs].sort((a, b) => a - b);
    const text = JSON.stringify(lastProblem);
    const parseStarted = performance.now();
    parseDispatchProblem(text);
    const parseMs = performance.now() - parseStarted;
    const violations = checkSetpoints(lastProblem!, last!.setpoints).length;
    log(`${segmentCount} segments × ${N} ISPs, ${repetitions} runs: ${last?.method}, times ${sorted.map((t) => t.toFixed(1)).join(' ')} ms; ` + `${last?.setpoints.length} setpoints, gap ${last?.optimalityGap}, violations ${violations}; problem file ${(text.length / 1e6).toFixed(1)} MB parsed in ${parseMs.toFixed(0)} ms`);
    lines.push(
      JSON.stringify({ segments: segmentCount, isps: N, method: last?.method, p50Ms: Number(percentile(sorted, 0.5).toFixed(1)), p99Ms: Number(percentile(sorted, 0.99).toFixed(1)), objective: last?.objective, fullLpObjective: null, gap: last?.optimalityGap }),
    );
  }
  for (const line of lines) console.log(line);
}

void main();
