// Renders the configuration files of a single-node Kafka (KRaft: one process is broker and controller).

export interface KafkaNodeConfig {
  /** Port of the PLAINTEXT listener that clients use. */
  brokerPort: number;
  /** Port of the KRaft controller listener. */
  controllerPort: number;
  /** Directory of the partition logs and the metadata log. */
  logDir: string;
}

/**
 * server.properties for one combined node. The quorum is static (controller.quorum.voters), so the
 * node may come back on other ports with the same data; replication settings are 1 because there is
 * one broker, and the initial rebalance delay is 0 so that tests do not wait for consumer groups.
 */
export function renderServerProperties(config: KafkaNodeConfig): string {
  const host = '127.0.0.1';
  const entries: Array<[string, string | number]> = [
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.voters', `1@${host}:${config.controllerPort}`],
    ['listeners', `PLAINTEXT://${host}:${config.brokerPort},CONTROLLER://${host}:${config.controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://${host}:${config.brokerPort},CONTROLLER://${host}:${config.controllerPort}`],
    ['listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['log.dirs', config.logDir],
    ['num.partitions', 1],
    ['default.replication.factor', 1],
    ['min.insync.replicas', 1],
    ['offsets.topic.replication.factor', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['share.coordinator.state.topic.replication.factor', 1],
    ['share.coordinator.state.topic.min.isr', 1],
    ['group.initial.rebalance.delay.ms', 0],
    ['auto.create.topics.enable', 'false'],
  ];
  const lines = entries.map(([key, value]) => `${key}=${escapeValue(String(value))}`);
  return `# Written by @trottoir/local-stack: a single-node KRaft cluster for development and tests.\n${lines.join('\n')}\n`;
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
