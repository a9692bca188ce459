/**
 * pg_dump and pg_restore for the backup spec, like Prometheus (./prometheus.ts) and kubectl
 * (./kubectl.ts): from the PATH; else Debian's postgresql-client installed with apt-get when the tests
 * run as root; else the spec fails and says how to install them. The embedded PostgreSQL of npm ships
 * no client tools.
 */
import { spawnSync } from 'node:child_process';

import { aptCommand, aptInstall, runningAsRoot } from './apt-install';

const PACKAGE = 'postgresql-client';

function runs(tool: string): boolean {
  const result = spawnSync(tool, ['--version'], { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined && result.status === 0;
}

let ready = false;

/** Makes sure pg_dump and pg_restore run, installing them if it may; throws with the command otherwise. */
export function ensurePgTools(): void {
  if (ready || (runs('pg_dump') && runs('pg_restore'))) {
    ready = true;
    return;
  }
  if (!runningAsRoot()) throw new Error(`pg_dump/pg_restore are not installed and the tests do not run as root to install them. Install them with: sudo ${aptCommand(PACKAGE)}`);
  aptInstall(PACKAGE, () => runs('pg_dump') && runs('pg_restore'));
  ready = true;
}

/** Runs a PostgreSQL client tool; throws with its output when it fails. */
export function pgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', timeout: 300_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}
