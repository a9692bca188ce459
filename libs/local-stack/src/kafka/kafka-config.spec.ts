import { scramFormatArgs } from './kafka-broker';
import { replicationFor } from './kafka-cluster';
import { renderLog4j2Properties, renderServerProperties } from './kafka-config';
import { renderResolverPom } from './kafka-jars';

function parse(properties: string): Map<string, string> {
  const entries = properties
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]);
  return new Map(entries);
}

describe('renderServerProperties', () => {
  const props = parse(renderServerProperties({ brokerPort: 19092, controllerPort: 19093, logDir: '/data/kraft-logs' }));

  it('makes one node both broker and controller of a static quorum', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('node.id')).toBe('1');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(props.get('controller.listener.names')).toBe('CONTROLLER');
    expect(props.get('inter.broker.listener.name')).toBe('PLAINTEXT');
  });

  it('listens and advertises on loopback with the given ports', () => {
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
  });

  it('uses replication 1 and no initial rebalance delay, fit for one broker', () => {
    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.replication.factor')).toBe('1');
    expect(props.get('min.insync.replicas')).toBe('1');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(props.get('log.dirs')).toBe('/data/kraft-logs');
  });
});

describe('renderServerProperties for a node of a 3-node cluster behind SASL_SSL', () => {
  const props = parse(
    renderServerProperties({
      brokerPort: 19094,
      controllerPort: 19095,
      logDir: '/data/node-2/kraft-logs',
      nodeId: 2,
      voters: [1, 2, 3].map((nodeId) => ({ nodeId, controllerPort: 19091 + 2 * nodeId })),
      replicationFactor: 3,
      minInsyncReplicas: 2,
      security: {
        mechanism: 'SCRAM-SHA-512',
        keystoreFile: '/tls/broker.p12',
        truststoreFile: '/tls/truststore.p12',
        storePassword: 'store-secret',
        interBrokerUser: { username: 'broker', password: 'broker-secret' },
      },
    }),
  );

  it('names every voter of the quorum and this node', () => {
    expect(props.get('node.id')).toBe('2');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097');
  });

  it('replicates new and internal topics 3 times with min.insync.replicas 2', () => {
    expect(props.get('default.replication.factor')).toBe('3');
    expect(props.get('min.insync.replicas')).toBe('2');
    expect(props.get('offsets.topic.replication.factor')).toBe('3');
    expect(props.get('transaction.state.log.min.isr')).toBe('2');
  });

  it('puts the client and inter-broker listener behind SASL_SSL with SCRAM, the controller on loopback PLAINTEXT', () => {
    expect(props.get('listeners')).toBe('CLIENT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095');
    expect(props.get('listener.security.protocol.map')).toBe('CLIENT:SASL_SSL,CONTROLLER:PLAINTEXT');
    expect(props.get('inter.broker.listener.name')).toBe('CLIENT');
    expect(props.get('sasl.mechanism.inter.broker.protocol')).toBe('SCRAM-SHA-512');
    expect(props.get('listener.name.client.scram-sha-512.sasl.jaas.config')).toContain('username="broker" password="broker-secret"');
    expect(props.get('ssl.keystore.location')).toBe('/tls/broker.p12');
    expect(props.get('ssl.truststore.location')).toBe('/tls/truststore.p12');
  });
});

describe('replicationFor', () => {
  it('survives one broker from 3 on: replication 3, min.insync.replicas 2', () => {
    expect(replicationFor(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationFor(2)).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
    expect(replicationFor(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(replicationFor(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });
});

describe('scramFormatArgs', () => {
  it('adds one SCRAM credential per user at format (KIP-900)', () => {
    expect(scramFormatArgs('SCRAM-SHA-512', [{ username: 'broker', password: 'b' }, { username: 'trottoir', password: 't' }])).toEqual([
      '--add-scram',
      'SCRAM-SHA-512=[name=broker,password=b]',
      '--add-scram',
      'SCRAM-SHA-512=[name=trottoir,password=t]',
    ]);
  });
});

describe('renderLog4j2Properties', () => {
  it('logs to the given file and to no console appender', () => {
    const config = renderLog4j2Properties('/data/server.log');
    expect(config).toContain('appender.file.fileName = /data/server.log');
    expect(config).toContain('rootLogger.appenderRef.file.ref = FILE');
    expect(config).not.toMatch(/Console/i);
  });
});

describe('renderResolverPom', () => {
  it('asks for kafka_2.13 of the version plus an slf4j 2 binding to log4j2', () => {
    const pom = renderResolverPom('4.4.0');
    expect(pom).toContain('<artifactId>kafka_2.13</artifactId><version>4.4.0</version>');
    expect(pom).toContain('<artifactId>log4j-slf4j2-impl</artifactId>');
    expect(pom).toMatch(/<artifactId>slf4j-api<\/artifactId><version>2\./);
  });
});
