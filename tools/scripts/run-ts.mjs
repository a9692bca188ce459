#!/usr/bin/env node
// Runs one TypeScript file (a benchmark, a script) with the same in-memory SWC compilation as the CLI.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [file, ...args] = process.argv.slice(2);
if (!file || file === '--help') {
  console.log('usage: node tools/scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(file ? 0 : 2);
}
const child = spawn(process.execPath, ['-r', '@swc-node/register', path.resolve(file), ...args], {
  stdio: 'inherit',
  env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
