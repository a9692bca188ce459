// TCP port helpers: free ports for tests (bind port 0) and a clear error when a fixed port is taken.
import net from 'node:net';

import { InfraError } from '../infra.errors';

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** Ports the kernel reports free right now on 127.0.0.1; distinct from one another. */
export async function findFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await listenOnce(0));
  return [...ports];
}

/** Throws when something already listens on `port`, naming the option that picks another. */
export async function assertPortFree(port: number, what: string, option: string): Promise<void> {
  try {
    await listenOnce(port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InfraError(
      `port ${port} on 127.0.0.1 is not available for ${what} (${code ?? String(error)}); ` +
        `stop what uses it or choose another port with ${option}`,
    );
  }
}
