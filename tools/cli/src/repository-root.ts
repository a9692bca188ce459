/** The repository root (the folder with nx.json), where `.trottoir/` keeps local state. */
import fs from 'node:fs';
import path from 'node:path';

export function repositoryRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
