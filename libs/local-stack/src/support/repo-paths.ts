// Where things live: the repository root (found by walking up to nx.json) and the download cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { InfraError } from '../infra.errors';

/** The nearest ancestor of `startDir` (inclusive) that holds an `nx.json`. */
export function findRepoRoot(startDir: string = __dirname): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new InfraError(`no nx.json found in ${startDir} or any parent directory`);
    dir = parent;
  }
}

/** The runtime directory for local infrastructure: `<repo>/.trottoir` (gitignored). */
export function defaultInfraDir(repoRoot: string = findRepoRoot()): string {
  return path.join(repoRoot, '.trottoir');
}

/** Downloads kept between runs: `$TROTTOIR_CACHE_DIR`, else `~/.cache/trottoir`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TROTTOIR_CACHE_DIR || path.join(os.homedir(), '.cache', 'trottoir');
}
