import { ConfigError } from '@trottoir/config';

import { explainKafkaStartError } from './kafka-start-error';

const config = {
  kafkaBrokers: ['127.0.0.1:9093'],
  kafkaClientId: 'trottoir',
  kafkaTls: true,
  kafkaSaslMechanism: 'scram-sha-512' as const,
  kafkaSaslUsername: 'trottoir',
  kafkaSaslPassword: 'hunter2',
};

describe('explainKafkaStartError', () => {
  it('names the user and the variables when the client gave up on SASL authentication, deep in its causes', () => {
    const cause = Object.assign(new Error('SASL authentication failed.'), { code: 'PLT_KFK_AUTHENTICATION' });
    const wrapped = Object.assign(new Error('Cannot connect to any broker.'), { errors: [Object.assign(new Error('Connection failed'), { cause })] });
    const explained = explainKafkaStartError(wrapped, config);
    expect(explained).toBeInstanceOf(ConfigError);
    expect((explained as Error).message).toContain('Kafka at 127.0.0.1:9093 refused the SASL credentials of KAFKA_SASL_USERNAME=trottoir (scram-sha-512)');
    expect((explained as Error).message).toContain('check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
    expect((explained as Error).message).not.toContain('hunter2');
  });

  it('says to set KAFKA_SSL_CA_FILE when the broker\'s certificate is not trusted', () => {
    const cause = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    const explained = explainKafkaStartError(new Error('Connection failed', { cause }), config) as Error;
    expect(explained).toBeInstanceOf(ConfigError);
    expect(explained.message).toContain('is not trusted by the system CAs (KAFKA_SSL_CA_FILE unset) (SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('leaves any other failure as it was', () => {
    const error = new Error('ECONNREFUSED');
    expect(explainKafkaStartError(error, config)).toBe(error);
  });
});
