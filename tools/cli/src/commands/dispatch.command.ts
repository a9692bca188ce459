// `trottoir dispatch solve`: replays a stored dispatch problem offline (issue 10 §2) — the same solver as the
// dispatch service, in-process — and prints the solution JSON on stdout. Bad input is one line on stderr, exit 2.
import { readFileSync } from 'node:fs';

import { checkSetpoints, DispatchProblemError, formatDispatchSolution, loadHighsSolver, parseDispatchProblem, solveDispatchProblem } from '@trottoir/flexibility';
import type { SolverMethod } from '@trottoir/flexibility';
import type { Command } from 'commander';

const METHODS: readonly (SolverMethod | 'auto')[] = ['auto', 'merit-order', 'lp', 'aggregated-lp'];

/** Bad input: reported on one line, exit code 2. */
export class DispatchInputError extends Error {}

export interface DispatchSolveOptions {
  problem?: string;
  method?: string;
  pretty?: boolean;
}

/** Solves the problem file; returns the solution text (a trailing newline included). Throws DispatchInputError on bad input. */
export async function runDispatchSolve(options: DispatchSolveOptions): Promise<string> {
  if (!options.problem) throw new DispatchInputError('missing --problem <file.json>');
  const method = options.method ?? 'auto';
  if (!METHODS.includes(method as SolverMethod)) throw new DispatchInputError(`--method "${method}" is invalid: expected ${METHODS.join(', ')}`);
  let text: string;
  try {
    text = readFileSync(options.problem, 'utf8');
  } catch (error) {
    throw new DispatchInputError(`cannot read --problem ${options.problem}: ${(error as Error).message}`);
  }
  let problem;
  try {
    problem = parseDispatchProblem(text);
  } catch (error) {
    if (error instanceof DispatchProblemError) throw new DispatchInputError(`${options.problem}: ${error.message}`);
    throw error;
  }
  const lp = await loadHighsSolver();
  let solution;
  try {
    solution = solveDispatchProblem(problem, lp, method === 'auto' ? {} : { method: method as SolverMethod });
  } catch (error) {
    // Forcing the merit order on a problem whose ISPs are linked is a user error, not a crash.
    if (method === 'merit-order') throw new DispatchInputError((error as Error).message);
    throw error;
  }
  const violations = checkSetpoints(problem, solution.setpoints);
  if (violations.length > 0) throw new Error(`the solver produced unsafe setpoints (a bug): ${violations[0].message}`);
  return `${formatDispatchSolution(solution, { pretty: options.pretty })}\n`;
}

const HELP_AFTER = `
Input: a dispatch problem file, version 1 (libs/flexibility/README.md describes every field).
Output: the solution as JSON on stdout, one line unless --pretty:
  {"status":"optimal"|"infeasible","objective":…,"shortfallWh":…,"deliveredW":[…],"setpoints":[…],
   "method":"merit-order"|"lp"|"aggregated-lp","optimalityGap":…,"reason"?:…}
Setpoints are sorted by segment id then ISP; powers are rounded to 1e-3 W, lightsPct to 1e-6 %, the
objective to 1e-6, so the same problem always prints the same bytes.

Examples:
  trottoir dispatch solve --problem libs/flexibility/examples/evening-peak.json --pretty
  trottoir dispatch solve --problem order-4711.json --method lp`;

export function registerDispatchCommand(program: Command, write: (chunk: string) => void = (chunk) => process.stdout.write(chunk)): Command {
  const dispatch = program.command('dispatch').description('the dispatch solver: replay a stored dispatch problem offline');
  dispatch
    .command('solve')
    .description('solve a dispatch problem file and print the solution JSON')
    .option('--problem <file.json>', 'the dispatch problem file (format version 1), required')
    .option('--method <path>', `solver path: ${METHODS.join(', ')} (default auto: merit order when no battery or EV links ISPs, the full LP up to 500 segments, the aggregated LP above)`)
    .option('--pretty', 'indent the JSON (default: one line)')
    .addHelpText('after', HELP_AFTER)
    .showHelpAfterError('(trottoir dispatch solve --help lists the options)')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(async function (this: Command) {
      try {
        write(await runDispatchSolve(this.opts<DispatchSolveOptions>()));
      } catch (error) {
        if (!(error instanceof DispatchInputError)) throw error;
        this.error(`trottoir dispatch solve: ${error.message}`, { exitCode: 2 });
      }
    });
  return dispatch;
}
