/** `trottoir dispatch solve` run as a user would (a child process), and its refusals in-process. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { checkSetpoints, parseDispatchProblem } from '@trottoir/flexibility';
import type { DispatchSolution } from '@trottoir/flexibility';

import { DispatchInputError, runDispatchSolve } from './dispatch.command';

const bin = path.resolve(__dirname, '../../bin/trottoir.js');
const examples = path.resolve(__dirname, '../../../../libs/flexibility/examples');
const TIMEOUT_MS = 120_000;

/** Each run loads the whole CLI through SWC (~2 s on this machine): runs go in parallel where they can. */
function trottoir(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('trottoir dispatch solve', () => {
  it('solves the example problems: one JSON line, safe setpoints, the same bytes as in-process', async () => {
    const file = path.join(examples, 'evening-peak.json');
    const [run, pretty] = await Promise.all([trottoir(['dispatch', 'solve', '--problem', file]), trottoir(['dispatch', 'solve', '--problem', file, '--pretty'])]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const solution = JSON.parse(run.stdout) as DispatchSolution;
    expect(solution).toMatchObject({ status: 'optimal', method: 'lp', optimalityGap: 0, shortfallWh: 0 });
    expect(solution.deliveredW[1]).toBeLessThanOrEqual(-40_000);
    expect(solution.deliveredW[2]).toBeLessThanOrEqual(-30_000);
    const problem = parseDispatchProblem(readFileSync(file, 'utf8'));
    expect(checkSetpoints(problem, solution.setpoints)).toEqual([]);
    expect(run.stdout).toBe(await runDispatchSolve({ problem: file }));
    expect(JSON.parse(pretty.stdout)).toEqual(solution);
    expect(pretty.stdout.split('\n').length).toBeGreaterThan(10);
    const midday = JSON.parse(await runDispatchSolve({ problem: path.join(examples, 'midday-export.json') })) as DispatchSolution;
    expect(midday).toMatchObject({ status: 'optimal', method: 'merit-order', deliveredW: [25_000] });
  }, TIMEOUT_MS);

  it('refuses bad input with one clear line and exit code 2', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trottoir-dispatch-'));
    const bad = path.join(dir, 'bad.json');
    const problem = JSON.parse(readFileSync(path.join(examples, 'evening-peak.json'), 'utf8'));
    problem.segments[1].ev.departureIsp = 7;
    writeFileSync(bad, JSON.stringify(problem));
    const results = await Promise.all([trottoir(['dispatch', 'solve', '--problem', bad]), trottoir(['dispatch', 'solve', '--bogus'])]);
    expect(results.map((r) => r.status)).toEqual([2, 2]);
    expect(results[0].stderr.split('\n')[0]).toBe(`trottoir dispatch solve: ${bad}: segments[1].ev.departureIsp: must be an integer in [0, 4]`);
    expect(results[1].stderr).toContain("unknown option '--bogus'");
    expect(results.map((r) => r.stdout)).toEqual(['', '']);
  }, TIMEOUT_MS);

  it('names what is wrong for each kind of bad input', async () => {
    const file = path.join(examples, 'evening-peak.json');
    const cases: [Parameters<typeof runDispatchSolve>[0], string][] = [
      [{}, 'missing --problem <file.json>'],
      [{ problem: '/nonexistent/problem.json' }, 'cannot read --problem /nonexistent/problem.json'],
      [{ problem: file, method: 'simplex' }, '--method "simplex" is invalid: expected auto, merit-order, lp, aggregated-lp'],
      [{ problem: file, method: 'merit-order' }, 'the merit order is exact only when no battery or EV links two ISPs'],
    ];
    for (const [options, message] of cases) {
      await expect(runDispatchSolve(options)).rejects.toThrow(DispatchInputError);
      await expect(runDispatchSolve(options)).rejects.toThrow(message);
    }
  });

  it('explains every option in --help', async () => {
    const { status, stdout } = await trottoir(['dispatch', 'solve', '--help']);
    expect(status).toBe(0);
    for (const option of ['--problem', '--method', '--pretty', 'merit-order', 'aggregated-lp', 'rounded']) expect(stdout).toContain(option);
  }, TIMEOUT_MS);
});
