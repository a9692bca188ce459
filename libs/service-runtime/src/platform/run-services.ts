/**
 * Runs services until the process is told to stop: loads and validates the configuration (a bad
 * variable stops the process with a message naming it), starts the platform, and on SIGINT/SIGTERM/SIGHUP
 * shuts down in order. A second signal exits at once.
 */
import { ConfigError } from '@trottoir/config';
import type { DestinationStream } from 'pino';

import type { ServiceDefinition } from '../http-service';
import type { RunningPlatform } from './platform';
import { startPlatform } from './platform';
import { loadPlatformConfig } from './platform.config';

export interface RunServicesOptions {
  logDestination?: DestinationStream;
  onProgress?: (line: string) => void;
  /** Called once everything listens; what it returns is called before shutdown. */
  onStarted?: (platform: RunningPlatform) => (() => void) | void;
}

export async function runServices(services: readonly ServiceDefinition[], options: RunServicesOptions = {}): Promise<void> {
  const progress = options.onProgress ?? ((line: string) => process.stderr.write(`${line}\n`));
  let platform: RunningPlatform;
  try {
    platform = await startPlatform({ services, config: loadPlatformConfig(), logDestination: options.logDestination, onProgress: progress });
  } catch (error) {
    progress(error instanceof ConfigError ? error.message : `failed to start: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  }
  const beforeStop = options.onStarted?.(platform);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      progress(`${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    beforeStop?.();
    progress(`${signal}: stopping (consumers finish their batch and commit; press Ctrl-C again to force)…`);
    await platform.stop();
    progress('stopped cleanly');
    process.exit(0);
  };
  // SIGHUP too: a closed terminal must not leave the embedded PostgreSQL running.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, (received) => void shutdown(received));
}

/** Entry point of a single-service deployment. */
export function runStandalone(service: ServiceDefinition): Promise<void> {
  return runServices([service]);
}
