// Renders the configuration files of one KRaft node (broker and controller in one process): alone,
// or one of the combined nodes of a small cluster, optionally behind SASL_SSL.

/** A node of the static controller quorum. */
export interface KafkaVoter {
  nodeId: number;
  controllerPort: number;
}

/** The client listener behind SASL_SSL (SCRAM) instead of PLAINTEXT; see kafka-tls.ts for the stores. */
export interface KafkaListenerSecurity {
  mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  /** PKCS12 keystore holding the broker's key and its certificate signed by the CA. */
  keystoreFile: string;
  /** PKCS12 truststore holding the CA, for the broker's own connections to other brokers. */
  truststoreFile: string;
  /** Password of both stores. */
  storePassword: string;
  /** The SCRAM user the brokers use between themselves (created at format: `--add-scram`). */
  interBrokerUser: { username: string; password: string };
}

export interface KafkaNodeConfig {
  /** Port of the client listener. */
  brokerPort: number;
  /** Port of the KRaft controller listener. */
  controllerPort: number;
  /** Directory of the partition logs and the metadata log. */
  logDir: string;
  /** Default 1. */
  nodeId?: number;
  /** The whole quorum; default this node alone. */
  voters?: readonly KafkaVoter[];
  /** Replication of new topics and internal topics; default 1 (and min.insync.replicas 1). */
  replicationFactor?: number;
  minInsyncReplicas?: number;
  security?: KafkaListenerSecurity;
}

const HOST = '127.0.0.1';

function listenerEntries(config: KafkaNodeConfig): Array<[string, string | number]> {
  const security = config.security;
  const client = security ? 'CLIENT' : 'PLAINTEXT';
  const listeners = `${client}://${HOST}:${config.brokerPort},CONTROLLER://${HOST}:${config.controllerPort}`;
  const entries: Array<[string, string | number]> = [
    ['listeners', listeners],
    ['advertised.listeners', listeners],
    ['listener.security.protocol.map', security ? 'CLIENT:SASL_SSL,CONTROLLER:PLAINTEXT' : 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', client],
  ];
  if (!security) return entries;
  const { username, password } = security.interBrokerUser;
  const mechanism = security.mechanism.toLowerCase();
  // The controller listener stays PLAINTEXT on loopback: it carries no client traffic.
  return [
    ...entries,
    ['sasl.enabled.mechanisms', security.mechanism],
    ['sasl.mechanism.inter.broker.protocol', security.mechanism],
    [`listener.name.client.${mechanism}.sasl.jaas.config`, `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`],
    ['ssl.keystore.type', 'PKCS12'],
    ['ssl.keystore.location', security.keystoreFile],
    ['ssl.keystore.password', security.storePassword],
    ['ssl.truststore.type', 'PKCS12'],
    ['ssl.truststore.location', security.truststoreFile],
    ['ssl.truststore.password', security.storePassword],
  ];
}

/**
 * server.properties for one combined node. The quorum is static (controller.quorum.voters), so a node
 * may come back on the same ports with the same data after a kill. Replication is what the cluster can
 * hold (1 alone, 3 with min.insync.replicas 2 on three nodes), for the internal topics too, so that
 * consumer offsets and producer ids survive the loss of a broker; the initial rebalance delay is 0 so
 * that tests do not wait for consumer groups.
 */
export function renderServerProperties(config: KafkaNodeConfig): string {
  const nodeId = config.nodeId ?? 1;
  const voters = config.voters ?? [{ nodeId, controllerPort: config.controllerPort }];
  const replication = config.replicationFactor ?? 1;
  const minIsr = config.minInsyncReplicas ?? 1;
  const entries: Array<[string, string | number]> = [
    ['process.roles', 'broker,controller'],
    ['node.id', nodeId],
    ['controller.quorum.voters', voters.map((voter) => `${voter.nodeId}@${HOST}:${voter.controllerPort}`).join(',')],
    ...listenerEntries(config),
    ['log.dirs', config.logDir],
    ['num.partitions', 1],
    ['default.replication.factor', replication],
    ['min.insync.replicas', minIsr],
    ['offsets.topic.replication.factor', replication],
    ['transaction.state.log.replication.factor', replication],
    ['transaction.state.log.min.isr', minIsr],
    ['share.coordinator.state.topic.replication.factor', replication],
    ['share.coordinator.state.topic.min.isr', minIsr],
    ['group.initial.rebalance.delay.ms', 0],
    // 50 partitions × 3 replicas take a loaded 2-core machine tens of seconds to create; 10 suffice here.
    ...(voters.length > 1 ? ([['offsets.topic.num.partitions', 10]] as Array<[string, number]>) : []),
    ['auto.create.topics.enable', 'false'],
  ];
  const lines = entries.map(([key, value]) => `${key}=${escapeValue(String(value))}`);
  const what = voters.length === 1 ? 'a single-node KRaft cluster' : `node ${nodeId} of a ${voters.length}-node KRaft cluster`;
  return `# Written by @trottoir/local-stack: ${what} for development and tests.\n${lines.join('\n')}\n`;
}

/** log4j2 configuration that sends every broker log line to `logFile`, none to the terminal. */
export function renderLog4j2Properties(logFile: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = FILE',
    `appender.file.fileName = ${escapeValue(logFile)}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    // The request and state-change loggers are chatty at INFO and add nothing for a dev broker.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.controller.name = org.apache.kafka.controller',
    'logger.controller.level = INFO',
    '',
  ].join('\n');
}

/** Java properties treat backslashes as escapes; Windows-free paths need nothing else. */
function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\');
}
