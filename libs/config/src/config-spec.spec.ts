import { ConfigError, describeConfig, loadConfig } from './config-spec';
import { brokerList, integer, oneOf, port, url } from './parsers';

const spec = {
  httpPort: { env: 'TEST_HTTP_PORT', description: 'HTTP port', default: 3000, parse: port() },
  brokers: { env: 'TEST_KAFKA_BROKERS', description: 'Kafka bootstrap brokers', parse: brokerList() },
  logLevel: { env: 'TEST_LOG_LEVEL', description: 'log level', default: 'info' as const, parse: oneOf('debug', 'info', 'warn', 'error') },
  databaseUrl: { env: 'TEST_DATABASE_URL', description: 'PostgreSQL URL', sensitive: true, parse: url(['postgres', 'postgresql']) },
};

describe('loadConfig', () => {
  it('given valid variables, returns typed values with defaults filled in', () => {
    const config = loadConfig(spec, {
      TEST_KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.2:9092',
      TEST_DATABASE_URL: 'postgres://u:p@h:5432/db',
    });
    expect(config).toEqual({
      httpPort: 3000,
      brokers: ['127.0.0.1:9092', '127.0.0.2:9092'],
      logLevel: 'info',
      databaseUrl: 'postgres://u:p@h:5432/db',
    });
  });

  it('given a missing and a bad variable, names both and hides the secret', () => {
    let caught: unknown;
    try {
      loadConfig(spec, { TEST_HTTP_PORT: '70000', TEST_DATABASE_URL: 'mysql://secret@h/db' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toEqual([
      'TEST_HTTP_PORT="70000" is invalid: expected at most 65535',
      'TEST_KAFKA_BROKERS is required: Kafka bootstrap brokers',
      'TEST_DATABASE_URL=<hidden> is invalid: expected a postgres or postgresql URL',
    ]);
    expect((caught as Error).message).not.toContain('secret');
  });

  it('rejects malformed broker lists and numbers', () => {
    expect(() => brokerList()('localhost')).toThrow('expected host:port');
    expect(() => integer()('1.5')).toThrow('expected a whole number');
  });

  it('describes every variable for help texts', () => {
    expect(describeConfig(spec)).toContain('TEST_HTTP_PORT (default: 3000) — HTTP port');
  });
});
