#!/usr/bin/env node
// The full test suite, as README and .ci/run name it (`npm test`): code generation, lint with the
// module-boundary matrix, type-check, buf lint + breaking check, unit tests, then integration tests
// against a real Apache Kafka broker and real PostgreSQL (started by the Vitest global setup when
// KAFKA_BROKERS / DATABASE_URL are not given). Stops at the first failing step.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(`usage: npm test [-- --skip-int] [-- --only <step>]
steps: codegen, lint, typecheck, proto, unit, int
  --skip-int     everything but the integration tests (no Kafka, no PostgreSQL needed)
  --only <step>  run one step
Environment: KAFKA_BROKERS and DATABASE_URL reuse running servers; otherwise the integration
step starts a Kafka 4.x broker (jars from Maven Central, cached) and an embedded PostgreSQL.`);
  process.exit(0);
}
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trottoir-test-'));
const bin = (name) => path.join(root, 'node_modules/.bin', name);

const steps = [
  { name: 'codegen', cmd: [process.execPath, ['tools/scripts/codegen.mjs']] },
  // The module-boundary rule reads Nx's cached project graph: `nx show projects` (quietly) builds it.
  { name: 'lint', cmd: [bin('nx'), ['show', 'projects'], 'ignore'], then: [bin('eslint'), ['.', '--max-warnings', '0']] },
  { name: 'typecheck', cmd: [bin('tsc'), ['-p', 'tsconfig.json']] },
  { name: 'proto', cmd: [process.execPath, ['tools/scripts/proto-check.mjs']] },
  { name: 'unit', vitest: 'vitest.config.ts' },
  { name: 'int', vitest: 'vitest.int.config.ts' },
].filter((step) => (only ? step.name === only : !(args.includes('--skip-int') && step.name === 'int')));

let passed = 0;
let failed = 0;
const run = (command, commandArgs, stdout = 'inherit') =>
  spawnSync(command, commandArgs, { cwd: root, stdio: ['ignore', stdout, 'inherit'], env: { ...process.env, NX_DAEMON: 'false' } }).status;

for (const step of steps) {
  const startedAt = Date.now();
  console.log(`\n▶ ${step.name}`);
  let status;
  if (step.vitest) {
    const report = path.join(reportDir, `${step.name}.json`);
    status = run(bin('vitest'), ['run', '-c', step.vitest, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
    if (fs.existsSync(report)) {
      const results = JSON.parse(fs.readFileSync(report, 'utf8'));
      passed += results.numPassedTests;
      failed += results.numFailedTests;
    }
  } else {
    status = run(...step.cmd);
    if (status === 0 && step.then) status = run(...step.then);
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (status !== 0) {
    console.log(`✗ ${step.name} failed after ${seconds}s`);
    console.log(`tests: ${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(status ?? 1);
  }
  console.log(`✓ ${step.name} (${seconds}s)`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
