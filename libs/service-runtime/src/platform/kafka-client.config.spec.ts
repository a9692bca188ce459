import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ConfigError } from '@trottoir/config';

import { kafkaBusSettingsOf } from './kafka-client.config';
import { loadPlatformConfig } from './platform.config';

describe('platform configuration: Kafka replication and TLS', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-client-config-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    fs.writeFileSync(path.join(dir, 'not-a-cert.txt'), 'hello');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves replication to the broker\'s defaults unless set', () => {
    const settings = kafkaBusSettingsOf(loadPlatformConfig({ KAFKA_BROKERS: 'a:9092' }));
    expect(settings.replicationFactor).toBeUndefined();
    expect(settings.minInsyncReplicas).toBeUndefined();
    expect(settings.tls).toBe(false);
  });

  it('passes replication, SCRAM and the CA to the bus; the CA file turns TLS on', () => {
    const settings = kafkaBusSettingsOf(
      loadPlatformConfig({
        KAFKA_BROKERS: 'a:9092,b:9092,c:9092',
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_MIN_INSYNC_REPLICAS: '2',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'trottoir',
        KAFKA_SASL_PASSWORD: 'secret',
        KAFKA_SSL_CA_FILE: path.join(dir, 'ca.pem'),
      }),
    );
    expect(settings).toMatchObject({ brokers: ['a:9092', 'b:9092', 'c:9092'], replicationFactor: 3, minInsyncReplicas: 2 });
    expect(settings.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'trottoir', password: 'secret' });
    expect(settings.tls).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE') });
  });

  it('stops at start on a missing or wrong CA file, naming the variable', () => {
    expect(() => loadPlatformConfig({ KAFKA_SSL_CA_FILE: path.join(dir, 'missing.pem') })).toThrow(/KAFKA_SSL_CA_FILE=.*cannot read the file \(ENOENT\)/);
    expect(() => loadPlatformConfig({ KAFKA_SSL_CA_FILE: path.join(dir, 'not-a-cert.txt') })).toThrow(/KAFKA_SSL_CA_FILE=.*expected a PEM file/);
  });

  it('refuses min.insync.replicas above the replication factor, and a replication of 0', () => {
    expect(() => loadPlatformConfig({ KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toThrow(ConfigError);
    expect(() => loadPlatformConfig({ KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toThrow('KAFKA_MIN_INSYNC_REPLICAS=2 is above KAFKA_REPLICATION_FACTOR=1');
    expect(() => loadPlatformConfig({ KAFKA_REPLICATION_FACTOR: '0' })).toThrow('KAFKA_REPLICATION_FACTOR');
  });
});
