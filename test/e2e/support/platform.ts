/**
 * Runs `trottoir start` as a user would (a child process) for the end-to-end specs: free ports for the
 * five services, the output kept for failure messages, waits that fail at once if the process exits,
 * and a stop by SIGINT that resolves with the exit code.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

import { createTestDatabase } from '@trottoir/testing';

import { metricSum } from '../../../tools/cli/src/live-summary';

const root = path.resolve(__dirname, '../../..');
export const SERVICES = ['ingestion', 'forecasting', 'dispatch', 'settlement', 'simulator'] as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Five consecutive free ports for the services. */
export async function freePortRange(): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base > 65000) continue;
    const ok = await Promise.all([1, 2, 3, 4].map((offset) => canListen(base + offset)));
    if (ok.every(Boolean)) return base;
  }
}

/** The development tokens `trottoir start` prints, by role. */
export function printedTokens(output: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const match of output.matchAll(/^ {2}([a-z-]+) — .*\n {4}(\S+\.\S+\.\S+)$/gm)) tokens[match[1]] = match[2];
  return tokens;
}

/** Thrown by a probe to stop waiting at once (a failure that waiting longer will not mend). */
export class StopWaiting extends Error {}

export interface RunningPlatform {
  readonly child: ChildProcessWithoutNullStreams;
  readonly basePort: number;
  url(service: (typeof SERVICES)[number]): string;
  output(): string;
  /** Polls `probe` until it returns a value, failing at once if the platform exits, or after `timeoutMs`. */
  until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  /** SIGINT (once, however often it is called), then the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `trottoir start` with every service, or only `options.services` (each still on base + its offset). */
export async function startPlatformProcess(env: NodeJS.ProcessEnv, options: { services?: readonly (typeof SERVICES)[number][] } = {}): Promise<RunningPlatform> {
  const basePort = await freePortRange();
  const only = options.services ? ['--services', options.services.join(',')] : [];
  const child = spawn(process.execPath, [path.join(root, 'tools/cli/bin/trottoir.js'), 'start', '--port', String(basePort), '--no-summary', ...only], { cwd: root, env });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // One SIGINT however often stop() is called: a second one tells `trottoir start` to exit at once (130).
  let interrupted = false;
  const platform: RunningPlatform = {
    child,
    basePort,
    url: (service) => `http://127.0.0.1:${basePort + SERVICES.indexOf(service)}`,
    output: () => output,
    async until(what, probe, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`trottoir start exited with ${child.exitCode} while waiting for ${what}:\n${output}`);
        // A probe may fail while a service is still starting (connection refused): that is "not yet".
        const value = await probe().catch((error: unknown) => {
          if (error instanceof StopWaiting) throw error;
          return undefined;
        });
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}:\n${output.slice(-4_000)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async stop() {
      if (child.exitCode === null && !interrupted) {
        interrupted = true;
        child.kill('SIGINT');
      }
      return exited;
    },
  };
  return platform;
}

/** Resolves once a service answers /ready. */
export function waitForReady(platform: RunningPlatform, service: (typeof SERVICES)[number]): Promise<true> {
  return platform.until(`${service} ready`, async () => ((await fetch(`${platform.url(service)}/ready`)).ok ? true : undefined));
}

/** Resolves once the forecaster has issued a forecast (fails at once if its cycle failed). */
export function waitForForecast(platform: RunningPlatform): Promise<true> {
  return platform.until('a first forecast', async () => {
    const metrics = await fetch(`${platform.url('forecasting')}/metrics`).then((response) => response.text());
    if (metricSum(metrics, 'trottoir_forecast_cycles_total', 'outcome="failed"') > 0) throw new StopWaiting(`the first forecast cycle failed:\n${platform.output()}`);
    return metricSum(metrics, 'trottoir_forecast_cycles_total', 'outcome="ok"') > 0 ? true : undefined;
  });
}

export function storedReadings(platform: RunningPlatform): Promise<number> {
  return platform.until('stored readings', async () => {
    const metrics = await fetch(`${platform.url('ingestion')}/metrics`).then((response) => response.text());
    const accepted = metricSum(metrics, 'trottoir_ingest_readings_total', 'outcome="accepted"');
    return accepted > 0 ? accepted : undefined;
  });
}

/** The ISP of startNoonPlatform: a minute. */
export const NOON_ISP_MS = 60_000;

export interface NoonPlatform {
  readonly platform: RunningPlatform;
  /** Bearer tokens by role, as `trottoir start` prints them in development mode. */
  readonly tokens: Record<string, string>;
  /** The throwaway database the services use. */
  readonly databaseUrl: string;
  /** Drops the throwaway database (after the platform stopped). */
  dropDatabase(): Promise<void>;
}

/**
 * The whole platform on the suite's Kafka broker (topics and groups under `namespace`) and a throwaway
 * PostgreSQL database, as the flexibility specs want it: a clear June noon near Lyon
 * (TROTTOIR_CLOCK_START), a city of 100 segments reporting every 2 s, one-minute ISPs so that an order's
 * life takes minutes. `env` adds or overrides settings. Resolves once every service is ready and the
 * development tokens are printed.
 */
export async function startNoonPlatform(namespace: string, env: NodeJS.ProcessEnv = {}): Promise<NoonPlatform> {
  const database = await createTestDatabase(process.env.DATABASE_URL as string);
  const platform = await startPlatformProcess({
    ...process.env,
    DATABASE_URL: database.url,
    TROTTOIR_KAFKA_NAMESPACE: namespace,
    LOG_LEVEL: 'warn',
    TROTTOIR_CLOCK_START: '2026-06-21T10:00:00Z',
    TROTTOIR_SIM_SEGMENTS: '100',
    TROTTOIR_SIM_INTERVAL_S: '2',
    TROTTOIR_FORECAST_FIRST_DELAY_MS: '3000',
    TROTTOIR_DISPATCH_ISP_MS: String(NOON_ISP_MS),
    TROTTOIR_DISPATCH_DELIVERY_INTERVAL_MS: '8000',
    TROTTOIR_DISPATCH_REBOUND_ISPS: '1',
    ...env,
  });
  try {
    for (const service of SERVICES) await waitForReady(platform, service);
    const tokens = await platform.until('the development tokens', async () => (Object.keys(printedTokens(platform.output())).length === 5 ? printedTokens(platform.output()) : undefined));
    return { platform, tokens, databaseUrl: database.url, dropDatabase: () => database.drop() };
  } catch (error) {
    // A platform that did not come up leaves neither a process nor a database behind.
    await platform.stop();
    await database.drop();
    throw error;
  }
}
