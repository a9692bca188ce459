/**
 * Configuration of the Kafka adapter and its mapping to client options: brokers, client id, TLS and
 * SASL/SCRAM passed through (DESIGN §7), group timings, fetch long-poll.
 */
import type { ConnectionOptions as TlsOptions } from 'node:tls';

import type { BackoffOptions } from '../retry-backoff';

export interface KafkaSaslConfig {
  mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'PLAIN';
  username: string;
  password: string;
}

export interface KafkaBusConfig {
  /** `host:port` of the bootstrap brokers. */
  brokers: readonly string[];
  clientId: string;
  /** `true` for TLS with the system CAs, or node:tls options (ca, cert, key, servername...). */
  tls?: boolean | TlsOptions;
  sasl?: KafkaSaslConfig;
  /** Replication factor of topics created by `ensureTopics`; default: the broker's default. */
  replicationFactor?: number;
  /** `min.insync.replicas` of topics created by `ensureTopics`; default: the broker's default. */
  minInsyncReplicas?: number;
  /** Group session timeout: how long a dead member keeps its partitions. Default 30 s (broker minimum 6 s). */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  /** Fetch long-poll; bounds how long `close()` may wait for an idle fetch. Default 500 ms. */
  maxWaitTimeMs?: number;
  /** Most bytes one fetch response may carry. Default 10 MiB. */
  fetchMaxBytes?: number;
  /**
   * Most bytes of one partition in a fetch response. Default 256 KiB (a couple of thousand small
   * records): the response then spans many partitions, so a consumer with `concurrency` finds batches
   * of different partitions to overlap, and a response is not one partition's 10 MiB of records
   * turned into objects at once (the client's default is the whole `fetchMaxBytes`).
   */
  fetchMaxBytesPerPartition?: number;
  /** Redelivery backoff after a handler threw. */
  backoff?: BackoffOptions;
  /** Told about handler failures, failed commits and client errors (the bus keeps going). */
  onError?: (error: unknown, where: string) => void;
}

export interface KafkaClientOptions {
  clientId: string;
  bootstrapBrokers: string[];
  tls?: TlsOptions;
  sasl?: { mechanism: KafkaSaslConfig['mechanism']; username: string; password: string };
}

export function clientOptions(config: KafkaBusConfig, role: string): KafkaClientOptions {
  const options: KafkaClientOptions = { clientId: `${config.clientId}-${role}`, bootstrapBrokers: [...config.brokers] };
  if (config.tls) options.tls = config.tls === true ? {} : config.tls;
  if (config.sasl) options.sasl = { ...config.sasl };
  return options;
}
