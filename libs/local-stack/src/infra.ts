// `trottoir infra up|down|status`: a long-lived local Kafka broker (or cluster) and PostgreSQL for development,
// recorded in <repo>/.trottoir/infra.json so that another process can report on them and stop them.
import fs from 'node:fs';
import path from 'node:path';

import { InfraError } from './infra.errors';
import type { InfraState, KafkaState, PostgresState } from './infra-state';
import { readInfraState, stateFilePath, writeInfraState } from './infra-state';
import { KAFKA_COMMAND_MARK, startKafka, stopKafkaPid } from './kafka/kafka-broker';
import { startKafkaCluster } from './kafka/kafka-cluster';
import { kafkaAnswers } from './kafka/kafka-probe';
import { postmasterPid, startPostgres, stopPostgres } from './postgres/embedded-postgres';
import { postgresAnswers, redactUrl } from './postgres/postgres-probe';
import type { Progress } from './support/progress';
import { stderrProgress } from './support/progress';
import { isProcessAlive } from './support/processes';
import { defaultInfraDir } from './support/repo-paths';

export const DEFAULT_KAFKA_PORT = 9092;
/** 5432 is usually taken by the machine's own PostgreSQL. */
export const DEFAULT_POSTGRES_PORT = 5433;

export interface InfraUpOptions {
  /** Broker port; the KRaft controller takes the next one (in a cluster, node n takes port + 2(n-1) and the next). */
  kafkaPort?: number;
  /** Kafka nodes: 1 (default), or 3 for a cluster that survives the loss of one (replication 3, min.insync.replicas 2). */
  kafkaBrokerCount?: number;
  postgresPort?: number;
  /** Runtime directory (state file, data); default `<repo>/.trottoir`. */
  infraDir?: string;
  /** Where KAFKA_BROKERS / DATABASE_URL are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Runs once the broker answers, e.g. to create the topics of the registry. */
  onKafkaReady?: (brokers: string) => Promise<void>;
  progress?: Progress;
}

export interface InfraUpResult {
  brokers: string;
  databaseUrl: string;
  state: InfraState;
}

interface Context {
  infraDir: string;
  env: NodeJS.ProcessEnv;
  progress: Progress;
}

/** Every JVM of a managed broker or cluster. */
function kafkaPids(state: KafkaState | undefined): number[] {
  if (state?.managed !== true) return [];
  return state.nodes ? state.nodes.map((node) => node.pid) : state.pid === undefined ? [] : [state.pid];
}

function kafkaRunning(state: KafkaState | undefined): state is KafkaState & { pid: number } {
  const pids = kafkaPids(state);
  return pids.length > 0 && pids.every((pid) => isProcessAlive(pid, KAFKA_COMMAND_MARK));
}

function nodeCountOf(state: KafkaState): number {
  return state.nodes?.length ?? 1;
}

function postgresRunning(state: PostgresState | undefined): state is PostgresState & { pid: number } {
  return state?.managed === true && state.pid !== undefined && isProcessAlive(state.pid, 'postgres');
}

async function upKafka(ctx: Context, port: number, count: number, previous: KafkaState | undefined): Promise<KafkaState> {
  const external = ctx.env.KAFKA_BROKERS;
  if (external) {
    if (!(await kafkaAnswers(external, 10_000))) {
      throw new InfraError(`KAFKA_BROKERS=${external} does not answer a metadata request; start it, or unset KAFKA_BROKERS to get a local broker`);
    }
    ctx.progress(`using the Kafka broker at ${external} (KAFKA_BROKERS)`);
    return { brokers: external, managed: false };
  }
  if (kafkaRunning(previous) && (await kafkaAnswers(previous.brokers))) {
    if (nodeCountOf(previous) !== count) {
      throw new InfraError(`a Kafka of ${nodeCountOf(previous)} broker(s) already runs at ${previous.brokers}; run \`trottoir infra down\` before asking for ${count}`);
    }
    ctx.progress(`Kafka already runs at ${previous.brokers} (pid ${kafkaPids(previous).join(', ')})`);
    return previous;
  }
  if (count > 1) {
    const ports = Array.from({ length: 2 * count }, (_, i) => port + i);
    const cluster = await startKafkaCluster({ dataDir: path.join(ctx.infraDir, 'kafka-cluster'), nodeCount: count, ports, attached: false, progress: ctx.progress });
    const nodes = cluster.nodes().map(({ nodeId, pid, dataDir, logFile }) => ({ nodeId, pid, dataDir, logFile }));
    return { brokers: cluster.brokers, managed: true, pid: nodes[0]?.pid, dataDir: path.join(ctx.infraDir, 'kafka-cluster'), version: cluster.version, nodes };
  }
  const broker = await startKafka({ dataDir: path.join(ctx.infraDir, 'kafka'), brokerPort: port, controllerPort: port + 1, attached: false, progress: ctx.progress });
  return { brokers: broker.brokers, managed: true, pid: broker.pid, dataDir: broker.dataDir, logFile: broker.logFile, version: broker.version };
}

async function upPostgres(ctx: Context, port: number, previous: PostgresState | undefined): Promise<PostgresState> {
  const external = ctx.env.DATABASE_URL;
  if (external) {
    if (!(await postgresAnswers(external))) {
      throw new InfraError(`DATABASE_URL=${redactUrl(external)} does not answer; start that server, or unset DATABASE_URL to get an embedded one`);
    }
    ctx.progress(`using the PostgreSQL server at ${redactUrl(external)} (DATABASE_URL)`);
    return { databaseUrl: external, managed: false };
  }
  if (postgresRunning(previous) && (await postgresAnswers(previous.databaseUrl))) {
    ctx.progress(`PostgreSQL already runs at ${redactUrl(previous.databaseUrl)} (pid ${previous.pid})`);
    return previous;
  }
  const server = await startPostgres({ dataDir: path.join(ctx.infraDir, 'postgres'), port, attached: false, progress: ctx.progress });
  return { databaseUrl: server.databaseUrl, managed: true, pid: server.pid, dataDir: server.dataDir, logFile: server.logFile };
}

/** Starts (or reuses) Kafka and PostgreSQL, leaving them running after this process exits. */
export async function infraUp(options: InfraUpOptions = {}): Promise<InfraUpResult> {
  const ctx: Context = { infraDir: options.infraDir ?? defaultInfraDir(), env: options.env ?? process.env, progress: options.progress ?? stderrProgress };
  const file = stateFilePath(ctx.infraDir);
  const state = readInfraState(file);
  state.kafka = await upKafka(ctx, options.kafkaPort ?? DEFAULT_KAFKA_PORT, options.kafkaBrokerCount ?? 1, state.kafka);
  writeInfraState(file, state);
  if (options.onKafkaReady) {
    ctx.progress('creating topics…');
    await options.onKafkaReady(state.kafka.brokers);
  }
  state.postgres = await upPostgres(ctx, options.postgresPort ?? DEFAULT_POSTGRES_PORT, state.postgres);
  writeInfraState(file, state);
  return { brokers: state.kafka.brokers, databaseUrl: state.postgres.databaseUrl, state };
}

export interface InfraDownResult {
  /** Human-readable names of what was stopped, e.g. `kafka (pid 123)`. */
  stopped: string[];
}

function pidFromFile(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops what `infraUp` started; external servers are left alone. When the state file is gone, the
 * pid files in the default data directories are used, so a lost state file leaves nothing running.
 */
export async function infraDown(options: { infraDir?: string; progress?: Progress } = {}): Promise<InfraDownResult> {
  const infraDir = options.infraDir ?? defaultInfraDir();
  const progress = options.progress ?? stderrProgress;
  const file = stateFilePath(infraDir);
  const state = readInfraState(file);
  const stopped: string[] = [];

  const fromPidFiles = (): number[] =>
    [path.join(infraDir, 'kafka'), ...[1, 2, 3].map((n) => path.join(infraDir, 'kafka-cluster', `node-${n}`))]
      .map((dir) => pidFromFile(path.join(dir, 'kafka.pid')))
      .filter((pid): pid is number => pid !== undefined);
  const pids = state.kafka ? kafkaPids(state.kafka) : fromPidFiles();
  await Promise.all(
    pids.map(async (pid) => {
      progress(`stopping Kafka (pid ${pid})…`);
      if (await stopKafkaPid(pid)) stopped.push(`kafka (pid ${pid})`);
    }),
  );
  const pgDir = state.postgres?.managed ? state.postgres.dataDir : state.postgres ? undefined : path.join(infraDir, 'postgres');
  if (pgDir !== undefined) {
    const pid = postmasterPid(pgDir);
    progress(`stopping PostgreSQL${pid === undefined ? '' : ` (pid ${pid})`}…`);
    if (await stopPostgres(pgDir)) stopped.push(`postgres (pid ${pid})`);
  }
  writeInfraState(file, {});
  return { stopped };
}

export interface ComponentStatus {
  component: 'kafka' | 'postgres';
  state: 'running' | 'stopped' | 'unresponsive';
  /** Brokers, or the database URL with its password hidden. */
  address?: string;
  pid?: number;
  /** Every node's pid, for a Kafka cluster. */
  pids?: number[];
  /** false: an external server named by KAFKA_BROKERS / DATABASE_URL at `infra up`. */
  managed?: boolean;
}

/** What the state file records, checked against the live processes and servers. */
export async function infraStatus(options: { infraDir?: string } = {}): Promise<ComponentStatus[]> {
  const state = readInfraState(stateFilePath(options.infraDir ?? defaultInfraDir()));
  const kafka: ComponentStatus = { component: 'kafka', state: 'stopped' };
  if (state.kafka) {
    const alive = state.kafka.managed ? kafkaRunning(state.kafka) : true;
    const answers = alive && (await kafkaAnswers(state.kafka.brokers, 3_000));
    const pids = state.kafka.nodes ? { pids: kafkaPids(state.kafka) } : {};
    Object.assign(kafka, { address: state.kafka.brokers, pid: state.kafka.pid, ...pids, managed: state.kafka.managed, state: answers ? 'running' : alive ? 'unresponsive' : 'stopped' });
  }
  const postgres: ComponentStatus = { component: 'postgres', state: 'stopped' };
  if (state.postgres) {
    const alive = state.postgres.managed ? postgresRunning(state.postgres) : true;
    const answers = alive && (await postgresAnswers(state.postgres.databaseUrl));
    Object.assign(postgres, { address: redactUrl(state.postgres.databaseUrl), pid: state.postgres.pid, managed: state.postgres.managed, state: answers ? 'running' : alive ? 'unresponsive' : 'stopped' });
  }
  return [kafka, postgres];
}
