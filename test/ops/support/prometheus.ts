/**
 * Prometheus and promtool for the ops specs, from the Debian package (as the harness fetches Kafka's jars
 * on demand): used when on the PATH; installed with apt-get when the tests run as root; otherwise the
 * specs are skipped with the reason (`prometheusSkipReason`).
 */
import { spawnSync } from 'node:child_process';

import { aptCommand, aptInstall, runningAsRoot } from './apt-install';

const PACKAGE = 'prometheus';

function onPath(tool: string): boolean {
  const result = spawnSync(tool, ['--version'], { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined;
}

let checked: string | undefined | null = null;

/** Undefined when `prometheus` and `promtool` can be run (installing them if need be), else why not. */
export function prometheusSkipReason(): string | undefined {
  if (checked !== null) return checked;
  checked = ensure();
  return checked;
}

function ensure(): string | undefined {
  if (onPath('promtool') && onPath('prometheus')) return undefined;
  if (!runningAsRoot()) {
    return `Prometheus is not installed and the tests do not run as root to install it: skipped. Install with: sudo ${aptCommand(PACKAGE)}`;
  }
  aptInstall(PACKAGE, () => onPath('promtool') && onPath('prometheus'));
  return undefined;
}
