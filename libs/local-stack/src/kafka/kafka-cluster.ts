// A small Apache Kafka cluster from the same jars as the single broker: N combined nodes (broker and
// controller each) on loopback, one static quorum, replication sized to survive the loss of one node.
// The fault tests kill and restart its nodes; `trottoir infra up --brokers 3` runs it for development.
import path from 'node:path';

import { InfraError } from '../infra.errors';
import { findFreePorts } from '../support/ports';
import type { Progress } from '../support/progress';
import { stderrProgress } from '../support/progress';
import { isProcessAlive, waitForExit } from '../support/processes';
import type { KafkaBroker, LaunchedKafkaNode, StartKafkaOptions } from './kafka-broker';
import { launchKafkaNode, newClusterId } from './kafka-broker';
import type { KafkaVoter } from './kafka-config';
import type { KafkaClientAuth } from './kafka-probe';
import { waitForGroupCoordinator } from './kafka-probe';

export interface KafkaReplication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/**
 * What N brokers can hold: every topic on up to 3 of them, and an acknowledged write on a majority of
 * those (3 → 2), so that with acks=all one broker may die without losing a write or stopping producers.
 */
export function replicationFor(nodeCount: number): KafkaReplication {
  const replicationFactor = Math.min(nodeCount, 3);
  return { replicationFactor, minInsyncReplicas: replicationFactor === 3 ? 2 : 1 };
}

export interface StartKafkaClusterOptions {
  /** Each node gets `<dataDir>/node-<id>`. */
  dataDir: string;
  nodeCount: number;
  /** Two ports per node (client listener, controller); free ones when not given. */
  ports?: readonly number[];
  version?: string;
  /** Per node; three JVMs share the machine with the services under test. */
  maxHeap?: string;
  attached?: boolean;
  startTimeoutMs?: number;
  progress?: Progress;
  /** SASL_SSL on every node's client listener (kafka-tls.ts makes the stores). */
  security?: StartKafkaOptions['security'];
  /** How the readiness probe reaches a SASL_SSL listener. */
  auth?: KafkaClientAuth;
}

export interface KafkaClusterNode {
  nodeId: number;
  /** `127.0.0.1:<port>` of this node's client listener. */
  broker: string;
  /** Of the JVM running now (a restart changes it). */
  pid: number;
  dataDir: string;
  logFile: string;
}

export interface KafkaCluster extends KafkaReplication {
  /** Bootstrap servers of every node, comma-separated. */
  brokers: string;
  version: string;
  nodes(): KafkaClusterNode[];
  /** SIGKILL (or `signal`) to one node's JVM; resolves once it is gone. */
  kill(nodeId: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped node again on its ports and data; resolves once it answers. */
  restart(nodeId: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts every node, then waits until each answers: a node alone has no quorum, so none waits alone. */
export async function startKafkaCluster(options: StartKafkaClusterOptions): Promise<KafkaCluster> {
  const progress = options.progress ?? stderrProgress;
  const count = options.nodeCount;
  if (!Number.isInteger(count) || count < 1) throw new InfraError(`a Kafka cluster needs at least one node, not ${count}`);
  const ports = options.ports ?? (await findFreePorts(2 * count));
  if (ports.length < 2 * count) throw new InfraError(`a ${count}-node Kafka cluster needs ${2 * count} ports, got ${ports.length}`);
  const voters: KafkaVoter[] = Array.from({ length: count }, (_, i) => ({ nodeId: i + 1, controllerPort: ports[2 * i + 1] as number }));
  const replication = replicationFor(count);
  const clusterId = newClusterId();
  const nodeOptions = (nodeId: number): StartKafkaOptions => ({
    dataDir: path.join(options.dataDir, `node-${nodeId}`),
    brokerPort: ports[2 * (nodeId - 1)] as number,
    controllerPort: ports[2 * (nodeId - 1) + 1] as number,
    nodeId,
    voters,
    clusterId,
    ...replication,
    version: options.version,
    maxHeap: options.maxHeap ?? '384m',
    attached: options.attached,
    startTimeoutMs: options.startTimeoutMs,
    progress,
    security: options.security,
  });

  const running = new Map<number, LaunchedKafkaNode>();
  const stop = async (): Promise<void> => {
    await Promise.all([...running.values()].map((node) => node.stop()));
    running.clear();
  };
  try {
    const launched = await Promise.allSettled(voters.map((voter) => launchKafkaNode(nodeOptions(voter.nodeId))));
    launched.forEach((result, i) => {
      if (result.status === 'fulfilled') running.set(i + 1, result.value);
    });
    const failed = launched.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    await Promise.all([...running.values()].map((node) => node.ready(options.auth)));
    const brokers = [...running.values()].map((node) => node.brokers).join(',');
    await waitForGroupCoordinator(brokers, { timeoutMs: options.startTimeoutMs ?? 120_000, auth: options.auth, progress });
  } catch (error) {
    await stop();
    throw error;
  }
  const first = running.get(1) as KafkaBroker;
  progress(`Kafka cluster of ${count} nodes at ${[...running.values()].map((node) => node.brokers).join(',')}`);

  const nodeOf = (nodeId: number): LaunchedKafkaNode => {
    const node = running.get(nodeId);
    if (!node) throw new InfraError(`no node ${nodeId} in this Kafka cluster (nodes 1–${count})`);
    return node;
  };
  return {
    brokers: voters.map((voter) => `127.0.0.1:${ports[2 * (voter.nodeId - 1)]}`).join(','),
    version: first.version,
    ...replication,
    nodes: () => [...running.entries()].map(([nodeId, node]) => ({ nodeId, broker: node.brokers, pid: node.pid, dataDir: node.dataDir, logFile: node.logFile })),
    async kill(nodeId, signal = 'SIGKILL') {
      const node = nodeOf(nodeId);
      if (!isProcessAlive(node.pid)) return;
      process.kill(node.pid, signal);
      if (!(await waitForExit(node.pid, 30_000))) throw new InfraError(`Kafka node ${nodeId} (pid ${node.pid}) outlived ${signal} for 30 s`);
    },
    async restart(nodeId) {
      const node = nodeOf(nodeId);
      if (isProcessAlive(node.pid)) throw new InfraError(`Kafka node ${nodeId} still runs (pid ${node.pid}); kill it first`);
      const again = await launchKafkaNode(nodeOptions(nodeId));
      running.set(nodeId, again);
      await again.ready(options.auth);
    },
    stop,
  };
}
