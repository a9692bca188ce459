/** The worker-thread adapter gives the in-process solver's solution, and keeps the event loop free meanwhile. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { formatDispatchSolution, loadHighsSolver, parseDispatchProblem, solveDispatchProblem } from '@trottoir/flexibility';

import { WorkerDispatchSolver } from './worker-dispatch-solver';

const example = (name: string) => parseDispatchProblem(readFileSync(path.resolve(__dirname, '../../../../libs/flexibility/examples', name), 'utf8'));

describe('WorkerDispatchSolver', () => {
  let solver: WorkerDispatchSolver;
  beforeAll(() => {
    solver = new WorkerDispatchSolver();
  });
  afterAll(async () => {
    await solver.close();
  });

  it('solves in a worker thread exactly as in-process, several orders in turn', async () => {
    const lp = await loadHighsSolver();
    const problems = [example('evening-peak.json'), example('midday-export.json')];
    const solutions = await Promise.all(problems.map((problem) => solver.solve(problem)));
    solutions.forEach((solution, i) => expect(formatDispatchSolution(solution)).toBe(formatDispatchSolution(solveDispatchProblem(problems[i], lp))));
    expect(solutions.map((s) => s.method)).toEqual(['lp', 'merit-order']);
  }, 60_000);

  it('keeps the event loop turning while it solves', async () => {
    // 8,000 segments: long enough (tens of ms) that a solve on the main thread would starve the timer.
    const base = example('evening-peak.json');
    const segments = Array.from({ length: 2_000 }, (_, i) => base.segments.map((segment) => ({ ...structuredClone(segment), id: `${segment.id}-${i}` }))).flat();
    const problem = { ...base, segments, order: base.order.map((o) => ({ ...o, deltaW: o.deltaW * 2_000 })), node: { ...base.node, baselineW: base.node.baselineW.map((w) => w * 2_000), importLimitW: base.node.importLimitW * 2_000 } };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const solution = await solver.solve(problem);
    clearInterval(timer);
    expect(solution).toMatchObject({ status: 'optimal', method: 'aggregated-lp' });
    expect(ticks).toBeGreaterThan(0);
  }, 60_000);

  it('rejects with the solver\'s message, and keeps serving afterwards', async () => {
    await expect(solver.solve(example('evening-peak.json'), { method: 'merit-order' })).rejects.toThrow('the merit order is exact only');
    await expect(solver.solve(example('midday-export.json'))).resolves.toMatchObject({ status: 'optimal' });
  }, 60_000);
});
