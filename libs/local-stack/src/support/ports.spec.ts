import net from 'node:net';

import { assertPortFree, findFreePorts } from './ports';

describe('ports', () => {
  it('finds distinct free ports', async () => {
    const ports = await findFreePorts(3);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) await expect(assertPortFree(port, 'x', '--x-port')).resolves.toBeUndefined();
  });

  it('reports a taken port with the option that picks another', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      await expect(assertPortFree(port, 'the Kafka broker', '--kafka-port')).rejects.toThrow(`port ${port} on 127.0.0.1 is not available for the Kafka broker`);
      await expect(assertPortFree(port, 'the Kafka broker', '--kafka-port')).rejects.toThrow('--kafka-port');
    } finally {
      server.close();
    }
  });
});
