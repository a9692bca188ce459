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
