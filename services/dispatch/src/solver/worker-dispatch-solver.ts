/**
 * Runs the dispatch solver in a worker thread, so that a long solve (HiGHS is synchronous) never blocks
 * the service's event loop: Kafka heartbeats, the REST API and acknowledgements keep flowing while an
 * order is solved. One worker, one solve at a time, in the order asked (the dispatch service solves
 * orders one by one anyway); the problem crosses the thread boundary packed (its numbers transferred,
 * see problem-transfer.ts), the solution by structured clone.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import type { DispatchProblem, DispatchSolution, SolveOptions } from '@trottoir/flexibility';

import type { DispatchSolver } from './dispatch-solver.port';
import type { PackedProblem } from './problem-transfer';
import { packProblem } from './problem-transfer';

export interface SolveRequest<O = SolveOptions> {
  id: number;
  /** The problem, packed: its numbers are transferred, not cloned (problem-transfer.ts). */
  problem: PackedProblem;
  options?: O;
}

export type SolveReply = { id: number; solution: DispatchSolution } | { id: number; error: string };

const WORKER_FILE = path.join(__dirname, 'dispatch-solver.worker.ts');

export class WorkerDispatchSolver implements DispatchSolver {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (s: DispatchSolution) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor() {
    // The worker loads TypeScript the way the service does: through SWC, with the repository's tsconfig.
    this.worker = new Worker(WORKER_FILE, {
      execArgv: ['--require', '@swc-node/register'],
      env: { ...process.env, SWC_NODE_PROJECT: process.env['SWC_NODE_PROJECT'] ?? path.resolve(__dirname, '../../../../tsconfig.base.json') },
    });
    this.worker.on('message', (reply: SolveReply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.solution);
    });
    const failAll = (error: Error): void => {
      this.failure = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`the dispatch solver worker stopped (exit code ${code})`)));
  }

  /** Solves a validated problem off the event loop; rejects with the solver's message if it throws. */
  solve(problem: DispatchProblem, options?: SolveOptions): Promise<DispatchSolution> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: SolveRequest = { id, problem: packProblem(problem), options };
      this.worker.postMessage(request, [request.problem.numbers.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
