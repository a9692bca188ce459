#!/usr/bin/env node
// Checks the event contracts with buf: `buf lint` (STANDARD rules) and `buf breaking` against the committed
// image of the last released contracts (proto/breaking-baseline.binpb; FILE + WIRE + WIRE_JSON rules).
// Exits non-zero with buf's own message on a finding. Update the baseline only when releasing a contract
// version: `npm run proto:check -- --update-baseline` (see proto/README.md).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bufBin = path.join(root, 'node_modules/@bufbuild/buf/bin/buf');
const baseline = path.join('proto', 'breaking-baseline.binpb');
const env = { ...process.env, BUF_CACHE_DIR: process.env.BUF_CACHE_DIR ?? path.join(root, 'node_modules/.cache/buf') };

if (!fs.existsSync(bufBin)) {
  console.error('proto-check: FAILED: @bufbuild/buf is not installed; run `npm ci` at the repository root');
  process.exit(1);
}

function buf(label, args) {
  const result = spawnSync(process.execPath, [bufBin, ...args], { cwd: root, env, encoding: 'utf8' });
  if (result.error) {
    console.error(`proto-check: ${label}: could not run buf: ${result.error.message}`);
    process.exit(1);
  }
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0) {
    console.error(`proto-check: ${label} FAILED\n${output}`);
    process.exit(result.status ?? 1);
  }
  console.log(`proto-check: ${label} ok`);
}

if (process.argv.includes('--update-baseline')) {
  buf('lint', ['lint', 'proto']);
  buf(`build ${baseline}`, ['build', 'proto', '--exclude-source-info', '-o', baseline]);
  process.exit(0);
}

if (!fs.existsSync(path.join(root, baseline))) {
  console.error(`proto-check: FAILED: ${baseline} is missing; create it with --update-baseline (see proto/README.md)`);
  process.exit(1);
}
buf('lint', ['lint', 'proto']);
buf(`breaking against ${baseline}`, ['breaking', 'proto', '--against', baseline]);
