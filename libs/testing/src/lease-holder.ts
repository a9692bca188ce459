/**
 * A replica that holds a lease and is then SIGKILLed, for the fail-over specs of the scheduled cycles
 * (node state, forecasts): the lease is taken in a child process (lease-holder.child.ts) on its own
 * PostgreSQL connection, so that killing it runs no shutdown hook and only the server sees the holder go.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface KilledLeaseHolder {
  /** The term the child acquired. */
  readonly epoch: number;
  /** SIGKILLs the child; resolves once it is gone. */
  kill(): Promise<void>;
}

const root = path.resolve(__dirname, '../../..');

/** Starts the child; resolves once it holds `lease` on `databaseUrl`. */
export function childHoldingLease(databaseUrl: string, lease: string): Promise<KilledLeaseHolder> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'lease-holder.child.ts')], {
    cwd: root,
    env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json'), DATABASE_URL: databaseUrl, LEASE: lease },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`lease holder exited (${code ?? signal}) before holding the lease: ${stderr}`));
    });
    child.stdout.once('data', (chunk: Buffer) => {
      const { epoch } = JSON.parse(chunk.toString().split('\n')[0]) as { epoch: number };
      resolve({
        epoch,
        kill: async () => {
          child.kill('SIGKILL');
          const signal = await exited;
          if (signal !== 'SIGKILL') throw new Error(`lease holder ended by ${signal ?? 'itself'}, not by SIGKILL`);
        },
      });
    });
  });
}
