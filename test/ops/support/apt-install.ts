/**
 * A Debian package for the ops specs, the way the harness fetches Kafka's jars: installed with apt-get
 * only when the tests run as root (CI and this machine kind do), with an `apt-get update` first when a
 * fresh container has no package lists; Prometheus, kubectl and the PostgreSQL client tools come this way.
 */
import { spawnSync } from 'node:child_process';

/** The command a user runs to install `pkg` by hand. */
export function aptCommand(pkg: string): string {
  return `apt-get install -y --no-install-recommends ${pkg}`;
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Installs `pkg`, then checks `installed()`; throws with apt-get's output when either fails. */
export function aptInstall(pkg: string, installed: () => boolean): void {
  const [command, ...args] = aptCommand(pkg).split(' ');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync(command, args, { env, encoding: 'utf8', timeout: 600_000 });
  if (install.status !== 0) {
    // Package lists may be missing in a fresh container.
    spawnSync('apt-get', ['update'], { env, stdio: 'ignore', timeout: 600_000 });
    install = spawnSync(command, args, { env, encoding: 'utf8', timeout: 600_000 });
  }
  if (install.status !== 0 || !installed()) throw new Error(`${aptCommand(pkg)} failed:\n${install.stdout}\n${install.stderr}`);
}
