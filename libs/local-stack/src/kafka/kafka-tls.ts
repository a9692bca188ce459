// A throwaway certificate authority and the broker's key and trust stores, made with openssl and
// keytool, so that a test (or a developer) can run Kafka behind SASL_SSL without any real PKI.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { InfraError } from '../infra.errors';

export interface KafkaTlsFiles {
  /** The CA's certificate (PEM): what clients trust (`KAFKA_SSL_CA_FILE`). */
  caFile: string;
  /** PKCS12: the broker's key and certificate (SAN 127.0.0.1 and localhost), signed by the CA. */
  keystoreFile: string;
  /** PKCS12: the CA, for the brokers' connections to one another. */
  truststoreFile: string;
  /** Of both stores. */
  storePassword: string;
}

function run(tool: string, args: string[], cwd: string): void {
  const result = spawnSync(tool, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new InfraError(`${tool} is not installed; it makes the test certificates of Kafka's SASL_SSL listener (apt-get install ${tool === 'keytool' ? 'openjdk-17-jre-headless' : 'openssl'})`);
  }
  if (result.status !== 0) throw new InfraError(`${tool} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
}

/** Makes the CA and the stores in `dir` (created if missing; the private keys stay there, 0600). */
export function makeKafkaTlsFiles(dir: string, validDays = 7): KafkaTlsFiles {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const storePassword = crypto.randomBytes(12).toString('hex');
  const days = String(validDays);
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', days, '-subj', '/CN=trottoir-test-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=localhost'], dir);
  // Clients check the address they dialled against the certificate: the brokers advertise 127.0.0.1.
  fs.writeFileSync(path.join(dir, 'broker.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  run('openssl', ['x509', '-req', '-in', 'broker.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'broker.pem', '-days', days, '-extfile', 'broker.ext'], dir);
  run('openssl', ['pkcs12', '-export', '-in', 'broker.pem', '-inkey', 'broker.key', '-certfile', 'ca.pem', '-name', 'broker', '-out', 'broker.p12', '-passout', `pass:${storePassword}`], dir);
  run('keytool', ['-importcert', '-noprompt', '-alias', 'trottoir-test-ca', '-file', 'ca.pem', '-keystore', 'truststore.p12', '-storetype', 'PKCS12', '-storepass', storePassword], dir);
  for (const key of ['ca.key', 'broker.key']) fs.chmodSync(path.join(dir, key), 0o600);
  return {
    caFile: path.join(dir, 'ca.pem'),
    keystoreFile: path.join(dir, 'broker.p12'),
    truststoreFile: path.join(dir, 'truststore.p12'),
    storePassword,
  };
}
