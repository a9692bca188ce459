import { createMessageBus } from './create-message-bus';
import { InProcessMessageBus } from './in-process/in-process-bus';
import { clientOptions } from './kafka/kafka-config';

describe('createMessageBus', () => {
  it('gives the in-process bus when no broker is configured', async () => {
    const bus = createMessageBus({ clientId: 'svc', brokers: [' '] });
    expect(bus).toBeInstanceOf(InProcessMessageBus);
    expect(bus.isReady()).toBe(true);
    await bus.close();
  });
});

describe('clientOptions', () => {
  it('passes TLS and SASL/SCRAM through to the client', () => {
    const options = clientOptions(
      {
        brokers: ['b1:9093', 'b2:9093'],
        clientId: 'ingestion',
        tls: { ca: 'PEM', servername: 'kafka.example' },
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' },
      },
      'producer',
    );
    expect(options).toEqual({
      clientId: 'ingestion-producer',
      bootstrapBrokers: ['b1:9093', 'b2:9093'],
      tls: { ca: 'PEM', servername: 'kafka.example' },
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' },
    });
  });

  it('turns `tls: true` into TLS with the system CAs and leaves plaintext alone', () => {
    expect(clientOptions({ brokers: ['b:9093'], clientId: 'c', tls: true }, 'admin').tls).toEqual({});
    expect(clientOptions({ brokers: ['b:9092'], clientId: 'c' }, 'admin')).not.toHaveProperty('tls');
  });
});
