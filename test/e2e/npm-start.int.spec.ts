/**
 * `npm start` as a new user runs it: no Kafka and no database configured. All five services (the four
 * of the platform and the fleet simulator) must answer /health, /ready and /metrics, simulated
 * telemetry must reach the database, and Ctrl-C (SIGINT) must stop the process cleanly. With no key
 * configured the API runs in development mode and prints a token per role, which the API accepts.
 * A second run does the same against the real Kafka broker and PostgreSQL of the test harness.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { createTestDatabase } from '@trottoir/testing';

import { metricSum } from '../../tools/cli/src/live-summary';

const root = path.resolve(__dirname, '../..');
const services = ['ingestion', 'forecasting', 'dispatch', 'settlement', 'simulator'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Five consecutive free ports for the services. */
async function freePortRange(): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base > 65000) continue;
    const ok = await Promise.all([1, 2, 3, 4].map((offset) => canListen(base + offset)));
    if (ok.every(Boolean)) return base;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function waitForReady(url: string, child: ChildProcessWithoutNullStreams, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`trottoir start exited with ${child.exitCode}:\n${output()}`);
    const ok = await fetch(`${url}/ready`).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function waitForStoredReadings(ingestionUrl: string, child: ChildProcessWithoutNullStreams, output: () => string): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`trottoir start exited with ${child.exitCode}:\n${output()}`);
    const metrics = await fetch(`${ingestionUrl}/metrics`).then((response) => response.text());
    const accepted = metricSum(metrics, 'trottoir_ingest_readings_total', 'outcome="accepted"');
    if (accepted > 0) return accepted;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function waitForForecast(forecastingUrl: string, child: ChildProcessWithoutNullStreams, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`trottoir start exited with ${child.exitCode}:\n${output()}`);
    const metrics = await fetch(`${forecastingUrl}/metrics`).then((response) => response.text());
    if (metricSum(metrics, 'trottoir_forecast_cycles_total', 'outcome="ok"') > 0) return;
    if (metricSum(metrics, 'trottoir_forecast_cycles_total', 'outcome="failed"') > 0) throw new Error(`the first forecast cycle failed:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The development tokens `trottoir start` prints, by role. */
function printedTokens(output: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const match of output.matchAll(/^ {2}([a-z-]+) — .*\n {4}(\S+\.\S+\.\S+)$/gm)) tokens[match[1]] = match[2];
  return tokens;
}

async function runStartAndCheck(env: NodeJS.ProcessEnv): Promise<{ exitCode: number | null; output: string }> {
  const basePort = await freePortRange();
  const child = spawn(process.execPath, [path.join(root, 'tools/cli/bin/trottoir.js'), 'start', '--port', String(basePort), '--no-summary'], {
    cwd: root,
    // A small simulated city that reports every 2 s, so that telemetry flows within the test.
    env: { ...env, LOG_LEVEL: 'warn', TROTTOIR_SIM_SEGMENTS: '100', TROTTOIR_SIM_INTERVAL_S: '2', TROTTOIR_FORECAST_FIRST_DELAY_MS: '3000' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    for (const [index, name] of services.entries()) {
      const url = `http://127.0.0.1:${basePort + index}`;
      await waitForReady(url, child, () => output);
      const health = await fetch(`${url}/health`).then((response) => response.json());
      expect(health).toMatchObject({ status: 'ok', service: name });
      const ready = await fetch(`${url}/ready`).then((response) => response.json());
      // The simulator keeps nothing in PostgreSQL: it neither gets a pool nor waits for the database.
      const checks = name === 'simulator' ? { messageBus: 'ok' } : { database: 'ok', messageBus: 'ok' };
      expect(ready).toEqual({ status: 'ready', service: name, checks });
      const metrics = await fetch(`${url}/metrics`).then((response) => response.text());
      expect(metrics).toContain(`trottoir_process_resident_memory_bytes{service="${name}"}`);
    }
    // The simulator's city registers through the fleet topics, and its readings are validated and stored.
    expect(await waitForStoredReadings(`http://127.0.0.1:${basePort}`, child, () => output)).toBeGreaterThan(0);
    // The forecaster issues a first forecast soon after start; the city's primary substation has one.
    const forecastingUrl = `http://127.0.0.1:${basePort + services.indexOf('forecasting')}`;
    await waitForForecast(forecastingUrl, child, () => output);
    expect((await fetch(`${forecastingUrl}/v1/forecasts/nodes/ps01`)).status).toBe(401);
    const tokens = printedTokens(output);
    expect(Object.keys(tokens).sort()).toEqual(['admin', 'device', 'dso-operator', 'market', 'ops-viewer']);
    const forecast = await fetch(`${forecastingUrl}/v1/forecasts/nodes/ps01`, { headers: { authorization: `Bearer ${tokens['dso-operator']}` } });
    expect(forecast.status).toBe(200);
    expect(((await forecast.json()) as { intervals: unknown[] }).intervals).toHaveLength(192);
  } finally {
    child.kill('SIGINT');
  }
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (const [index, name] of services.entries()) expect(output).toContain(`${name} listening on http://127.0.0.1:${basePort + index}`);
  return { exitCode, output };
}

describe('npm start', () => {
  it('serves health, readiness and metrics for every service with embedded defaults, stores simulated telemetry, and stops cleanly on SIGINT', async () => {
    const env = { ...process.env };
    delete env.KAFKA_BROKERS;
    delete env.DATABASE_URL;
    env.TROTTOIR_EMBEDDED_PG_PORT = String(await freePort());
    env.TROTTOIR_EMBEDDED_PG_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'trottoir-start-pg-'));

    const { exitCode, output } = await runStartAndCheck(env);
    fs.rmSync(env.TROTTOIR_EMBEDDED_PG_DIR, { recursive: true, force: true });
    expect(output).toContain('using the in-process message bus');
    expect(output).toContain('starting embedded PostgreSQL');
    expect(output).toContain('stopped cleanly');
    expect(exitCode).toBe(0);
  }, 180_000);

  it('runs the same services against the real Kafka broker and PostgreSQL', async () => {
    expect(process.env.KAFKA_BROKERS).toBeTruthy();
    const database = await createTestDatabase(process.env.DATABASE_URL as string);
    const { exitCode, output } = await runStartAndCheck({ ...process.env, DATABASE_URL: database.url }).finally(() => database.drop());
    expect(output).toContain(`connecting to Kafka at ${process.env.KAFKA_BROKERS}`);
    expect(exitCode).toBe(0);
  }, 180_000);
});
