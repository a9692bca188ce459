// Docker HEALTHCHECK of the Trottoir image: GET /health on every service this container runs.
// One image serves four services on different ports (base port + offset, as in `trottoir start`),
// so the ports are worked out from the command line of PID 1 (`--services`, `--port`) and the same
// environment the process read. Kubernetes ignores this and probes the named `http` port instead.
'use strict';
const fs = require('node:fs');

const offsets = { ingestion: 0, forecasting: 1, dispatch: 2, settlement: 3, simulator: 4 };

function optionValue(args, name) {
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

function targets() {
  let args = [];
  try {
    args = fs.readFileSync('/proc/1/cmdline', 'utf8').split('\0').filter(Boolean);
  } catch {
    // Not in a container (no readable PID 1): fall back to the defaults below.
  }
  const base = Number(optionValue(args, '--port') ?? process.env.TROTTOIR_HTTP_PORT ?? 3001);
  const listed = optionValue(args, '--services');
  const names = listed ? listed.split(',').map((name) => name.trim()).filter((name) => name in offsets) : Object.keys(offsets);
  const configured = process.env.TROTTOIR_HTTP_HOST ?? '127.0.0.1';
  const host = configured === '0.0.0.0' || configured === '::' ? '127.0.0.1' : configured;
  return names.map((name) => ({ name, url: `http://${host}:${base + offsets[name]}/health` }));
}

async function main() {
  const checks = targets();
  if (checks.length === 0) {
    console.error('healthcheck: no known service on the command line');
    process.exit(1);
  }
  let healthy = true;
  for (const { name, url } of checks) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      healthy = false;
      console.error(`healthcheck: ${name} at ${url}: ${error.message}`);
    }
  }
  process.exit(healthy ? 0 : 1);
}

void main();
