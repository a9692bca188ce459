import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { cacheDir, defaultInfraDir, findRepoRoot } from './repo-paths';

describe('findRepoRoot', () => {
  it('finds this repository from this directory', () => {
    const root = findRepoRoot(__dirname);
    expect(fs.existsSync(path.join(root, 'nx.json'))).toBe(true);
    expect(defaultInfraDir(root)).toBe(path.join(root, '.trottoir'));
  });

  it('walks up from a nested directory to the one with nx.json', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-'));
    try {
      fs.writeFileSync(path.join(root, 'nx.json'), '{}');
      const nested = path.join(root, 'libs', 'x', 'src');
      fs.mkdirSync(nested, { recursive: true });
      expect(findRepoRoot(nested)).toBe(root);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('cacheDir', () => {
  it('prefers TROTTOIR_CACHE_DIR, else ~/.cache/trottoir', () => {
    expect(cacheDir({ TROTTOIR_CACHE_DIR: '/var/cache/t' })).toBe('/var/cache/t');
    expect(cacheDir({})).toBe(path.join(os.homedir(), '.cache', 'trottoir'));
  });
});
