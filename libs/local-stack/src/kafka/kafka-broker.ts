// Starts and stops a real Apache Kafka node (KRaft, broker and controller in one JVM) from the official
// jars: a single-node broker, or one node of a cluster (kafka-cluster.ts).
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { InfraError } from '../infra.errors';
import { assertPortFree } from '../support/ports';
import type { Progress } from '../support/progress';
import { stderrProgress } from '../support/progress';
import { isProcessAlive, signalOnExit, tailFile, terminate } from '../support/processes';
import { requireTools } from '../support/tools';
import type { KafkaListenerSecurity, KafkaVoter } from './kafka-config';
import { renderLog4j2Properties, renderServerProperties } from './kafka-config';
import { DEFAULT_KAFKA_VERSION, resolveKafkaJars } from './kafka-jars';
import type { KafkaClientAuth } from './kafka-probe';
import { waitForGroupCoordinator, waitForKafka } from './kafka-probe';

export interface StartKafkaOptions {
  /** Holds server.properties, the partition logs, server.log and kafka.pid; created if missing. */
  dataDir: string;
  brokerPort: number;
  controllerPort: number;
  /** Kafka version from Maven Central; default DEFAULT_KAFKA_VERSION or $TROTTOIR_KAFKA_VERSION. */
  version?: string;
  /** JVM heap limit; the machines have 2 cores and the broker shares them with everything else. */
  maxHeap?: string;
  /** true: the broker is killed when this Node process exits. false: it outlives it (`infra up`). */
  attached?: boolean;
  startTimeoutMs?: number;
  progress?: Progress;
  /** Cluster membership; default a single node (id 1, its own quorum, replication 1). */
  nodeId?: number;
  voters?: readonly KafkaVoter[];
  replicationFactor?: number;
  minInsyncReplicas?: number;
  /** Formats with this id; every node of one cluster must share it. Default: a new one. */
  clusterId?: string;
  /** SASL_SSL on the client listener; the SCRAM users are created when the storage is formatted. */
  security?: KafkaListenerSecurity & { users: ReadonlyArray<{ username: string; password: string }> };
}

export interface KafkaBroker {
  /** Bootstrap servers, `127.0.0.1:<port>`. */
  brokers: string;
  pid: number;
  dataDir: string;
  logFile: string;
  version: string;
  stop(): Promise<void>;
}

/** A node's JVM spawned but not yet known to answer (a cluster's nodes wait for one another). */
export interface LaunchedKafkaNode extends KafkaBroker {
  /** Resolves once the node answers a metadata request; stops it and throws if it does not. */
  ready(auth?: KafkaClientAuth): Promise<void>;
}

const execFileAsync = promisify(execFile);

/** Text that identifies a Kafka broker JVM in /proc/<pid>/cmdline. */
export const KAFKA_COMMAND_MARK = 'kafka.Kafka';

/**
 * Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding. Like Kafka's own
 * Uuid.randomUuid, never one that starts with '-': StorageTool would read `-t -Abc…` as an option
 * (one id in 64 did, and formatting failed with "argument --cluster-id/-t: expected one argument").
 */
export function newClusterId(): string {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function javaClasspath(libsDir: string): string {
  return `${path.join(libsDir, '*')}`;
}

/** `--add-scram` arguments (KIP-900): the SCRAM credentials written into the bootstrap metadata. */
export function scramFormatArgs(mechanism: string, users: ReadonlyArray<{ username: string; password: string }>): string[] {
  return users.flatMap((user) => ['--add-scram', `${mechanism}=[name=${user.username},password=${user.password}]`]);
}

async function formatStorage(libsDir: string, propertiesFile: string, logDir: string, progress: Progress, options: StartKafkaOptions): Promise<void> {
  // A formatted log dir has meta.properties; formatting again would refuse, and data is kept.
  if (fs.existsSync(path.join(logDir, 'meta.properties'))) return;
  progress(`formatting KRaft storage in ${logDir}…`);
  const scram = options.security ? scramFormatArgs(options.security.mechanism, options.security.users) : [];
  // Asynchronous, so that the nodes of a cluster format side by side.
  await execFileAsync(
    'java',
    ['-Xmx256m', '-cp', javaClasspath(libsDir), 'kafka.tools.StorageTool', 'format', '-t', options.clusterId ?? newClusterId(), '-c', propertiesFile, ...scram],
    { encoding: 'utf8', timeout: 120_000 },
  ).catch((error: { code?: number; stderr?: string; stdout?: string }) => {
    throw new InfraError(`kafka StorageTool format failed (exit ${error.code}):\n${error.stderr || error.stdout}`);
  });
}

/** Starts a broker and resolves once it answers a metadata request. */
export async function startKafka(options: StartKafkaOptions, auth?: KafkaClientAuth): Promise<KafkaBroker> {
  const node = await launchKafkaNode(options);
  await node.ready(auth);
  // A service subscribing at once on a fresh broker would otherwise fail to find its group coordinator.
  await waitForGroupCoordinator(node.brokers, { timeoutMs: options.startTimeoutMs ?? 120_000, auth, progress: options.progress }).catch(async (error: unknown) => {
    await node.stop();
    throw error;
  });
  return node;
}

/** Writes the node's configuration, formats its storage once, and spawns its JVM without waiting. */
export async function launchKafkaNode(options: StartKafkaOptions): Promise<LaunchedKafkaNode> {
  const progress = options.progress ?? stderrProgress;
  const version = options.version ?? (process.env.TROTTOIR_KAFKA_VERSION || DEFAULT_KAFKA_VERSION);
  requireTools(['java']);
  const libsDir = await resolveKafkaJars(version, progress);

  const dataDir = path.resolve(options.dataDir);
  const logDir = path.join(dataDir, 'kraft-logs');
  const logFile = path.join(dataDir, 'server.log');
  const outFile = path.join(dataDir, 'kafka.out');
  const propertiesFile = path.join(dataDir, 'server.properties');
  const log4jFile = path.join(dataDir, 'log4j2.properties');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(propertiesFile, renderServerProperties({ ...options, logDir }), { mode: 0o600 });
  fs.writeFileSync(log4jFile, renderLog4j2Properties(logFile));
  await formatStorage(libsDir, propertiesFile, logDir, progress, options);

  await assertPortFree(options.brokerPort, 'the Kafka broker', '--kafka-port');
  await assertPortFree(options.controllerPort, 'the Kafka controller', '--kafka-port (controller = broker port + 1)');
  const out = fs.openSync(outFile, 'a');
  const child = spawn(
    'java',
    [
      `-Xmx${options.maxHeap ?? '512m'}`,
      '-Xms64m',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${log4jFile}`,
      `-Dkafka.logs.dir=${dataDir}`,
      '-cp',
      javaClasspath(libsDir),
      KAFKA_COMMAND_MARK,
      propertiesFile,
    ],
    { cwd: dataDir, detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new InfraError('could not start java for the Kafka broker');
  child.unref();
  fs.writeFileSync(path.join(dataDir, 'kafka.pid'), `${pid}\n`);
  const detachHook = options.attached === false ? () => undefined : signalOnExit(pid, 'SIGTERM');

  const brokers = `127.0.0.1:${options.brokerPort}`;
  const stop = async (): Promise<void> => {
    await terminate(pid, 30_000);
    detachHook();
  };
  const ready = async (auth?: KafkaClientAuth): Promise<void> => {
    progress(`waiting for the Kafka ${version} broker on ${brokers} (pid ${pid}, log ${logFile})…`);
    try {
      await waitForKafka(brokers, {
        timeoutMs: options.startTimeoutMs ?? 120_000,
        auth,
        failFast: () => (isProcessAlive(pid) ? undefined : 'the broker process exited during startup'),
        diagnostics: () => `last lines of ${logFile}:\n${tailFile(logFile)}\nlast lines of ${outFile}:\n${tailFile(outFile, 10)}`,
      });
    } catch (error) {
      await stop();
      throw error;
    }
  };
  return { brokers, pid, dataDir, logFile, version, stop, ready };
}

/** Stops a broker started earlier (possibly by another process) from its recorded pid. */
export async function stopKafkaPid(pid: number): Promise<boolean> {
  if (!isProcessAlive(pid, KAFKA_COMMAND_MARK)) return false;
  await terminate(pid, 30_000);
  return true;
}
