// Asks a Kafka cluster whether it really answers: a metadata request (DescribeCluster) through kafkajs.
import type { KafkaConfig } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';

import { InfraError } from '../infra.errors';
import { sleep } from '../support/processes';

/** Splits `host:port,host:port` into the list kafkajs wants. */
export function parseBrokers(brokers: string): string[] {
  return brokers
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/** How a client reaches a SASL_SSL listener: the CA (PEM) that signed the broker's certificate, and a SCRAM user. */
export interface KafkaClientAuth {
  caPem: string;
  mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  username: string;
  password: string;
}

function authOptions(auth: KafkaClientAuth | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!auth) return {};
  const credentials = { username: auth.username, password: auth.password };
  return {
    ssl: { ca: [auth.caPem] },
    sasl: auth.mechanism === 'SCRAM-SHA-256' ? { mechanism: 'scram-sha-256', ...credentials } : { mechanism: 'scram-sha-512', ...credentials },
  };
}

/** Whether the cluster answers a metadata request with at least one live broker. */
export async function kafkaAnswers(brokers: string, timeoutMs = 5_000, auth?: KafkaClientAuth): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'trottoir-infra-probe',
    brokers: parseBrokers(brokers),
    ...authOptions(auth),
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 3_000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export interface WaitForKafkaOptions {
  timeoutMs: number;
  /** For a SASL_SSL listener. */
  auth?: KafkaClientAuth;
  /** Called between attempts: return a reason to give up early (e.g. the broker process died). */
  failFast?: () => string | undefined;
  /** Appended to the timeout error, e.g. the tail of the broker's log. */
  diagnostics?: () => string;
}

/** Resolves once the cluster answers; throws InfraError on timeout or when `failFast` reports. */
export async function waitForKafka(brokers: string, options: WaitForKafkaOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await kafkaAnswers(brokers, 5_000, options.auth)) return;
    const failure = options.failFast?.();
    const details = options.diagnostics ? `\n${options.diagnostics()}` : '';
    if (failure !== undefined) throw new InfraError(`Kafka at ${brokers}: ${failure}${details}`);
    if (Date.now() >= deadline) {
      throw new InfraError(`Kafka at ${brokers} did not answer within ${Math.round(options.timeoutMs / 1000)} s${details}`);
    }
    await sleep(500);
  }
}

export interface PartitionReplicas {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/**
 * Leader, replicas and in-sync replicas of each partition of `topic`, as the cluster reports them now.
 * A topic created a moment ago may not be known to every broker yet: the client retries that.
 */
export async function describePartitions(brokers: string, topic: string, auth?: KafkaClientAuth): Promise<PartitionReplicas[]> {
  const kafka = new Kafka({ clientId: 'trottoir-infra-probe', brokers: parseBrokers(brokers), ...authOptions(auth), logLevel: logLevel.NOTHING, retry: { retries: 8 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = metadata.topics[0]?.partitions ?? [];
    return partitions
      .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: [...p.replicas], isr: [...p.isr] }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Whether a consumer group would find its coordinator: on a fresh cluster the consumer-offsets topic is
 * created on first use, and until its partitions have leaders every join fails.
 */
export async function groupCoordinatorAnswers(brokers: string, auth?: KafkaClientAuth): Promise<boolean> {
  const kafka = new Kafka({ clientId: 'trottoir-infra-probe', brokers: parseBrokers(brokers), ...authOptions(auth), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    // The admin client knows no broker but the seed until it has read the metadata.
    await admin.fetchTopicMetadata({ topics: [] });
    await admin.describeGroups(['trottoir-infra-probe']);
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Consumers can join groups only once the consumer-offsets topic has leaders: waits for that, once. */
export async function waitForGroupCoordinator(brokers: string, options: { timeoutMs: number; auth?: KafkaClientAuth; progress?: (line: string) => void }): Promise<void> {
  options.progress?.('waiting for the group coordinator…');
  const deadline = Date.now() + options.timeoutMs;
  while (!(await groupCoordinatorAnswers(brokers, options.auth))) {
    if (Date.now() > deadline) throw new InfraError(`Kafka at ${brokers} answers, but no consumer group finds a coordinator`);
    await sleep(500);
  }
}
