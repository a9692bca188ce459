// Asks a Kafka cluster whether it really answers: a metadata request (DescribeCluster) through kafkajs.
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

/** Whether the cluster answers a metadata request with at least one live broker. */
export async function kafkaAnswers(brokers: string, timeoutMs = 5_000): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'trottoir-infra-probe',
    brokers: parseBrokers(brokers),
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
  /** Called between attempts: return a reason to give up early (e.g. the broker process died). */
  failFast?: () => string | undefined;
  /** Appended to the timeout error, e.g. the tail of the broker's log. */
  diagnostics?: () => string;
}

/** Resolves once the cluster answers; throws InfraError on timeout or when `failFast` reports. */
export async function waitForKafka(brokers: string, options: WaitForKafkaOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await kafkaAnswers(brokers)) return;
    const failure = options.failFast?.();
    const details = options.diagnostics ? `\n${options.diagnostics()}` : '';
    if (failure !== undefined) throw new InfraError(`Kafka at ${brokers}: ${failure}${details}`);
    if (Date.now() >= deadline) {
      throw new InfraError(`Kafka at ${brokers} did not answer within ${Math.round(options.timeoutMs / 1000)} s${details}`);
    }
    await sleep(500);
  }
}
