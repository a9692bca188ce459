/**
 * `kubectl kustomize` for the manifest specs, like Prometheus (./prometheus.ts): the `kubectl` on the
 * PATH (or the binary named by KUBECTL); else Debian's kubernetes-client (kubectl 1.20, kustomize
 * v2.0.3, the oldest the manifests are written for) installed with apt-get when the tests run as root;
 * else the spec fails and says how to install it.
 */
import { spawnSync } from 'node:child_process';

import { aptCommand, aptInstall, runningAsRoot } from './apt-install';

const PACKAGE = 'kubernetes-client';

function runs(binary: string): boolean {
  const result = spawnSync(binary, ['version', '--client'], { stdio: 'ignore', timeout: 60_000 });
  return result.error === undefined && result.status === 0;
}

let found: string | undefined;

/** The kubectl binary to run, installing Debian's when need be; throws with the command to run otherwise. */
export function kubectl(): string {
  if (found) return found;
  const wanted = process.env.KUBECTL || 'kubectl';
  if (runs(wanted)) return (found = wanted);
  if (process.env.KUBECTL) throw new Error(`KUBECTL=${wanted} does not run (\`${wanted} version --client\` failed)`);
  if (!runningAsRoot()) {
    throw new Error(`kubectl is not installed and the tests do not run as root to install it. Install it with: sudo ${aptCommand(PACKAGE)} (or point KUBECTL at a kubectl binary)`);
  }
  aptInstall(PACKAGE, () => runs('kubectl'));
  return (found = 'kubectl');
}

/** The YAML `kubectl kustomize <dir>` renders; throws with kustomize's message when it fails. */
export function kustomize(dir: string): string {
  const result = spawnSync(kubectl(), ['kustomize', dir], { encoding: 'utf8', timeout: 120_000, maxBuffer: 32 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  return result.stdout;
}
