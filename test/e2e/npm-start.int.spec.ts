/**
 * `npm start` as a new user runs it: no Kafka and no database configured. All five services (the four
 * of the platform and the fleet simulator) must answer /health, /ready and /metrics, simulated
 * telemetry must reach the database, and Ctrl-C (SIGINT) must stop the process cleanly. With no key
 * configured the API runs in development mode and prints a token per role, which the API accepts.
 * A second run does the same against the real Kafka broker and PostgreSQL of the test harness.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createTestDatabase } from '@trottoir/testing';

import { freePort, printedTokens, SERVICES, startPlatformProcess, storedReadings, waitForForecast, waitForReady } from './support/platform';

async function runStartAndCheck(env: NodeJS.ProcessEnv): Promise<{ exitCode: number | null; output: string }> {
  // A small simulated city that reports every 2 s, so that telemetry flows within the test.
  const platform = await startPlatformProcess({ ...env, LOG_LEVEL: 'warn', TROTTOIR_SIM_SEGMENTS: '100', TROTTOIR_SIM_INTERVAL_S: '2', TROTTOIR_FORECAST_FIRST_DELAY_MS: '3000' });
  try {
    for (const name of SERVICES) {
      const url = platform.url(name);
      await waitForReady(platform, name);
      const health = await fetch(`${url}/health`).then((response) => response.json());
      expect(health).toMatchObject({ status: 'ok', service: name });
      const ready = await fetch(`${url}/ready`).then((response) => response.json());
      // The simulator keeps nothing in PostgreSQL: it neither gets a pool nor waits for the database.
      const checks = name === 'simulator' ? { messageBus: 'ok' } : { database: 'ok', messageBus: 'ok' };
      expect(ready).toEqual({ status: 'ready', service: name, checks });
      const metrics = await fetch(`${url}/metrics`).then((response) => response.text());
      expect(metrics).toContain(`process_resident_memory_bytes{service="${name}"}`);
    }
    // The simulator's city registers through the fleet topics, and its readings are validated and stored.
    expect(await storedReadings(platform)).toBeGreaterThan(0);
    // The forecaster issues a first forecast soon after start; the city's primary substation has one.
    await waitForForecast(platform);
    const forecastingUrl = platform.url('forecasting');
    expect((await fetch(`${forecastingUrl}/v1/forecasts/nodes/ps01`)).status).toBe(401);
    const tokens = printedTokens(platform.output());
    expect(Object.keys(tokens).sort()).toEqual(['admin', 'device', 'dso-operator', 'market', 'ops-viewer']);
    // The first issue may have come while the fleet was still arriving; the root's forecast follows within seconds.
    let lastAnswer = '';
    const forecast = await platform
      .until('the forecast of ps01', async () => {
        const response = await fetch(`${forecastingUrl}/v1/forecasts/nodes/ps01`, { headers: { authorization: `Bearer ${tokens['dso-operator']}` } });
        if (response.status === 200) return (await response.json()) as { intervals: unknown[] };
        lastAnswer = `${response.status} ${await response.text()}`;
        return undefined;
      })
      .catch((error: Error) => {
        throw new Error(`${error.message}\nthe last answer: ${lastAnswer}`);
      });
    expect(forecast.intervals).toHaveLength(192);
  } finally {
    void platform.stop();
  }
  const exitCode = await platform.stop();
  for (const name of SERVICES) expect(platform.output()).toContain(`${name} listening on ${platform.url(name)}`);
  return { exitCode, output: platform.output() };
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
