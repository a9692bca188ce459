/**
 * Turns the Kafka client's failure at start into what the operator must fix: wrong SASL credentials
 * or an untrusted broker certificate are configuration problems (a ConfigError naming the variables),
 * not a stack trace from deep inside the client. Other failures are left as they are.
 */
import { ConfigError } from '@trottoir/config';

import type { KafkaClientSettings } from './kafka-client.config';

/** Node's codes for a certificate the client could not trust. */
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
]);

interface ErrorLike {
  message?: string;
  code?: string;
  cause?: unknown;
  errors?: unknown[];
}

/** The error, its causes and the members of aggregate errors, depth first. */
function* chain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (depth > 8 || typeof error !== 'object' || error === null) return;
  const current = error as ErrorLike;
  yield current;
  yield* chain(current.cause, depth + 1);
  for (const member of current.errors ?? []) yield* chain(member, depth + 1);
}

export function explainKafkaStartError(error: unknown, config: KafkaClientSettings): unknown {
  const brokers = config.kafkaBrokers?.join(',') ?? '';
  const errors = [...chain(error)];
  const authentication = errors.find((e) => e.code === 'PLT_KFK_AUTHENTICATION' || /SASL authentication failed/i.test(e.message ?? ''));
  if (authentication) {
    const who = config.kafkaSaslUsername ? `KAFKA_SASL_USERNAME=${config.kafkaSaslUsername}` : 'no SASL user (KAFKA_SASL_MECHANISM unset)';
    return new ConfigError([
      `Kafka at ${brokers} refused the SASL credentials of ${who} (${config.kafkaSaslMechanism ?? 'none'}): ${authentication.message}; check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
    ]);
  }
  const certificate = errors.find((e) => e.code !== undefined && UNTRUSTED_CERTIFICATE.has(e.code));
  if (certificate) {
    const ca = config.kafkaSslCaFile ? `KAFKA_SSL_CA_FILE=${config.kafkaSslCaFile}` : 'the system CAs (KAFKA_SSL_CA_FILE unset)';
    return new ConfigError([`the TLS certificate of Kafka at ${brokers} is not trusted by ${ca} (${certificate.code}: ${certificate.message}); set KAFKA_SSL_CA_FILE to the CA that signed it`]);
  }
  return error;
}
