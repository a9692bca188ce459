/**
 * The worker thread's side of WorkerDispatchSolver: loads HiGHS once, then solves each problem it is
 * sent, in order. Runs as TypeScript through SWC like the rest of the service (see the adapter).
 */
import { parentPort } from 'node:worker_threads';

import { loadHighsSolver, solveDispatchProblem } from '@trottoir/flexibility';
import type { LpSolver, SolveOptions } from '@trottoir/flexibility';

import { unpackProblem } from './problem-transfer';
import type { SolveReply, SolveRequest } from './worker-dispatch-solver';

if (!parentPort) throw new Error('dispatch-solver.worker.ts runs only as a worker thread');
const port = parentPort;
const solver: Promise<LpSolver> = loadHighsSolver();

port.on('message', (request: SolveRequest<SolveOptions>) => {
  void solver.then((lp) => {
    let reply: SolveReply;
    try {
      reply = { id: request.id, solution: solveDispatchProblem(unpackProblem(request.problem), lp, request.options) };
    } catch (error) {
      reply = { id: request.id, error: (error as Error).message };
    }
    port.postMessage(reply);
  });
});
