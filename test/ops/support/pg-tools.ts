/**
 * pg_dump and pg_restore for the backup spec, like Prometheus (./prometheus.ts) and kubectl
 * (./kubectl.ts): from the PATH; else Debian's postgresql-client installed with apt-get when the tests
 * run as root; else the spec fails and says how to install them. The embedded PostgreSQL of npm ships
 * no client tools.
 */
import { spawnSync } from 'node:child_process';

const INSTALL = ['apt-get', 'install', '-y', '--no-install-recommends', 'postgresql-client'];

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
  if (process.getuid?.() !== 0) throw new Error(`pg_dump/pg_restore are not installed and the tests do not run as root to install them. Install them with: sudo ${INSTALL.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync(INSTALL[0], INSTALL.slice(1), { env, encoding: 'utf8', timeout: 600_000 });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { env, stdio: 'ignore', timeout: 600_000 });
    install = spawnSync(INSTALL[0], INSTALL.slice(1), { env, encoding: 'utf8', timeout: 600_000 });
  }
  if (install.status !== 0 || !runs('pg_dump')) throw new Error(`${INSTALL.join(' ')} failed:\n${install.stdout}\n${install.stderr}`);
  ready = true;
}

/** Runs a PostgreSQL client tool; throws with its output when it fails. */
export function pgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', timeout: 300_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}
