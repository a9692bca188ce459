#!/usr/bin/env node
// Generates the TypeScript of the event contracts (proto/ → libs/contracts/src/gen/) with buf and
// protoc-gen-es, both from node_modules. It is the root `prepare` script, so `npm ci` runs it on a fresh
// clone (as root in CI): it must not rely on node_modules/.bin being on PATH, nor on a writable $HOME.
// Idempotent and quick: a stamp holds a hash of every input; when it matches, nothing is run.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const protoDir = path.join(root, 'proto');
const outDir = path.join(root, 'libs/contracts/src/gen');
const stampFile = path.join(outDir, '.codegen-stamp');
const binDir = path.join(root, 'node_modules/.bin');
const bufBin = path.join(root, 'node_modules/@bufbuild/buf/bin/buf');
const force = process.argv.includes('--force');

function fail(message) {
  console.error(`codegen: FAILED: ${message}`);
  process.exit(1);
}

function listProtos(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listProtos(full);
      return entry.name.endsWith('.proto') ? [full] : [];
    })
    .sort();
}

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

const started = Date.now();
if (!fs.existsSync(protoDir)) fail(`no proto directory at ${protoDir}`);
const protos = listProtos(path.join(protoDir, 'trottoir'));
if (protos.length === 0) fail('no .proto file under proto/trottoir');

const versions = ['@bufbuild/buf', '@bufbuild/protoc-gen-es', '@bufbuild/protobuf'].map((name) => [name, packageVersion(name)]);
const missing = versions.filter(([, version]) => version === null).map(([name]) => name);
if (missing.length > 0) {
  fail(`${missing.join(', ')} not installed; run \`npm ci\` (with dev dependencies) at the repository root`);
}

const hash = createHash('sha256');
hash.update(JSON.stringify(versions));
for (const file of [path.join(protoDir, 'buf.yaml'), path.join(protoDir, 'buf.gen.yaml'), ...protos]) {
  hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
}
const digest = hash.digest('hex');

const expected = protos.map((file) => path.join(outDir, path.relative(protoDir, file).replace(/\.proto$/, '_pb.ts')));
const upToDate =
  !force &&
  fs.existsSync(stampFile) &&
  fs.readFileSync(stampFile, 'utf8').trim() === digest &&
  expected.every((file) => fs.existsSync(file));
if (upToDate) {
  console.log(`codegen: up to date (${protos.length} proto files)`);
  process.exit(0);
}

// buf finds the `local: protoc-gen-es` plugin on PATH; the plugin's shebang needs `node` on PATH too.
const env = {
  ...process.env,
  PATH: [binDir, path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter),
  BUF_CACHE_DIR: process.env.BUF_CACHE_DIR ?? path.join(root, 'node_modules/.cache/buf'),
};
const result = spawnSync(
  process.execPath,
  [bufBin, 'generate', 'proto', '--template', path.join('proto', 'buf.gen.yaml')],
  { cwd: root, env, encoding: 'utf8' },
);
if (result.error) fail(`could not run buf: ${result.error.message}`);
if (result.status !== 0) {
  fail(`buf generate exited with ${result.status}\n${(result.stderr || result.stdout).trim()}`);
}
const absent = expected.filter((file) => !fs.existsSync(file));
if (absent.length > 0) fail(`buf generate did not write ${absent.map((file) => path.relative(root, file)).join(', ')}`);
fs.writeFileSync(stampFile, `${digest}\n`);
console.log(`codegen: generated ${protos.length} proto files into ${path.relative(root, outDir)} in ${Date.now() - started} ms`);
