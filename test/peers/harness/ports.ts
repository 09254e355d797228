// Free loopback ports for servers that cannot listen on port 0 and report the port they got (Parca dials its own
// address for its gRPC gateway; Pyroscope opens several listeners). A port found free can be taken by another
// process before the server binds it, so starting a server goes through `withFreePorts`, which tries again
// with new ports when the server says its address is in use.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

export class AddressInUseError extends Error {}

/** Runs `start` with `count` free ports, again with new ones (up to 3 times) when it throws AddressInUseError. */
export async function withFreePorts<T>(count: number, start: (ports: number[]) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePorts(count));
    } catch (e) {
      if (!(e instanceof AddressInUseError) || attempt >= 3) throw e;
    }
  }
}
