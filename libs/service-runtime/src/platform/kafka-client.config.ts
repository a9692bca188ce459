/**
 * The Kafka settings of a platform beyond its address: the replication of the topics it creates, and
 * the CA of a TLS listener. Read with the rest of platform.config.ts; `kafkaBusSettingsOf` turns the
 * whole Kafka part of the configuration into the bus's options (TLS, SASL, replication).
 */
import fs from 'node:fs';

import { integer } from '@trottoir/config';
import type { MessageBusConfig } from '@trottoir/messaging';

/** A readable PEM file with at least one certificate. */
function pemCertificateFile(raw: string): string {
  let text: string;
  try {
    text = fs.readFileSync(raw, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error('expected a PEM file with a CA certificate (-----BEGIN CERTIFICATE-----)');
  return raw;
}

export const kafkaClientConfigSpec = {
  kafkaReplicationFactor: {
    env: 'KAFKA_REPLICATION_FACTOR',
    description: 'replication factor of the topics the platform creates (3 on a 3-broker cluster); the broker\'s default.replication.factor when unset',
    default: undefined as number | undefined,
    parse: integer({ min: 1, max: 32 }),
  },
  kafkaMinInsyncReplicas: {
    env: 'KAFKA_MIN_INSYNC_REPLICAS',
    description: 'min.insync.replicas of the topics the platform creates (2 with replication 3: an acknowledged write survives one broker); the broker\'s default when unset',
    default: undefined as number | undefined,
    parse: integer({ min: 1, max: 32 }),
  },
  kafkaSslCaFile: {
    env: 'KAFKA_SSL_CA_FILE',
    description: 'PEM file of the CA that signed the brokers\' certificates; setting it turns TLS on (KAFKA_TLS) and trusts only that CA',
    default: undefined as string | undefined,
    parse: pemCertificateFile,
  },
};

/** The Kafka part of the platform's configuration. */
export interface KafkaClientSettings {
  kafkaBrokers?: string[];
  kafkaClientId: string;
  kafkaTls: boolean;
  kafkaSslCaFile?: string;
  kafkaSaslMechanism?: 'scram-sha-256' | 'scram-sha-512';
  kafkaSaslUsername?: string;
  kafkaSaslPassword?: string;
  kafkaReplicationFactor?: number;
  kafkaMinInsyncReplicas?: number;
}

/** Problems of the Kafka settings taken together (each variable alone was checked when read). */
export function kafkaSettingsProblems(config: KafkaClientSettings): string[] {
  const problems: string[] = [];
  if (config.kafkaSaslMechanism && (!config.kafkaSaslUsername || !config.kafkaSaslPassword)) {
    problems.push('KAFKA_SASL_MECHANISM is set: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required too');
  }
  const { kafkaReplicationFactor: factor, kafkaMinInsyncReplicas: minIsr } = config;
  if (factor !== undefined && minIsr !== undefined && minIsr > factor) {
    problems.push(`KAFKA_MIN_INSYNC_REPLICAS=${minIsr} is above KAFKA_REPLICATION_FACTOR=${factor}: no write could ever be acknowledged`);
  }
  return problems;
}

export function kafkaBusSettingsOf(config: KafkaClientSettings): Pick<MessageBusConfig, 'brokers' | 'clientId' | 'tls' | 'sasl' | 'replicationFactor' | 'minInsyncReplicas'> {
  const { kafkaSaslMechanism: mechanism } = config;
  return {
    brokers: config.kafkaBrokers,
    clientId: config.kafkaClientId,
    tls: config.kafkaSslCaFile ? { ca: fs.readFileSync(config.kafkaSslCaFile, 'utf8') } : config.kafkaTls,
    sasl: mechanism
      ? { mechanism: mechanism === 'scram-sha-256' ? 'SCRAM-SHA-256' : 'SCRAM-SHA-512', username: config.kafkaSaslUsername ?? '', password: config.kafkaSaslPassword ?? '' }
      : undefined,
    replicationFactor: config.kafkaReplicationFactor,
    minInsyncReplicas: config.kafkaMinInsyncReplicas,
  };
}
